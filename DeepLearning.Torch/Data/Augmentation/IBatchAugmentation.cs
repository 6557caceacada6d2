using DeepLearning.Torch.IO;
using TorchSharp;

namespace DeepLearning.Torch.Data.Augmentation;

/// <summary>
/// A random transformation applied to a whole batch at once, on the batch's device, while training.
/// With <see cref="IsTraining"/> false (evaluation) the batch passes through unchanged. Its random state is an
/// <see cref="IStateful"/> state (key <c>augmentation</c> by default), saved in checkpoints.
/// </summary>
public interface IBatchAugmentation : IStateful
{
    /// <summary>Whether the augmentation is active; set false for evaluation and inference. Default true.</summary>
    bool IsTraining { get; set; }

    /// <summary>Augments a batch (N, C, H, W).</summary>
    /// <param name="batch">The batch; not modified.</param>
    /// <returns>A new tensor owned by the caller (an alias of the input when not training).</returns>
    torch.Tensor Apply(torch.Tensor batch);

    /// <summary>Identifies the augmentation's state in a checkpoint.</summary>
    string IStateful.StateKey => "augmentation";

    /// <summary>Writes the random state (for checkpoints, so a resumed run draws the same augmentations); by default nothing.</summary>
    void IStateful.SaveState(BinaryWriter writer) { }

    /// <summary>Restores the random state written by <see cref="IStateful.SaveState"/>; by default nothing.</summary>
    void IStateful.LoadState(BinaryReader reader) { }
}
