using TorchSharp;

namespace DeepLearning.Torch.Data.Augmentation;

/// <summary>
/// A random transformation applied to a whole batch at once, on the batch's device, while training.
/// With <see cref="IsTraining"/> false (evaluation) the batch passes through unchanged.
/// </summary>
public interface IBatchAugmentation
{
    /// <summary>Whether the augmentation is active; set false for evaluation and inference. Default true.</summary>
    bool IsTraining { get; set; }

    /// <summary>Augments a batch (N, C, H, W).</summary>
    /// <param name="batch">The batch; not modified.</param>
    /// <returns>A new tensor owned by the caller (an alias of the input when not training).</returns>
    torch.Tensor Apply(torch.Tensor batch);

    /// <summary>Writes the random state (for checkpoints, so a resumed run draws the same augmentations).</summary>
    void SaveState(BinaryWriter writer) { }

    /// <summary>Restores the random state written by <see cref="SaveState"/>.</summary>
    void LoadState(BinaryReader reader) { }
}
