using DeepLearning.Torch.Training.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Checkpoints;

/// <summary>
/// Reads checkpoints written by the trainer (<see cref="TrainingContext.SaveCheckpoint"/>, <c>ModelCheckpoint</c>).
/// Every read verifies the format version and SHA-256 checksum first and checks every stored tensor against the model
/// before changing anything, so a bad file never loads partially.
/// </summary>
public static class Checkpoint
{
    /// <summary>
    /// Format version this library writes (2: the run's settings and every optimizer's state always stored); it reads
    /// this version and every earlier one.
    /// </summary>
    public const int FormatVersion = 2;

    /// <summary>Verifies <paramref name="path"/> and returns its description.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <exception cref="CheckpointException">Missing, truncated, corrupt or of another version.</exception>
    public static CheckpointInfo Inspect(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var state = Read(path);
        return new CheckpointInfo(path, state.Epoch, state.ModelType, state.ModelDescription,
            state.Weights.Select(w => w.Name).ToArray(), History.FromJson(state.HistoryJson));
    }

    /// <summary>Loads only the weights and buffers into <paramref name="model"/> (for evaluation or fine-tuning).</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="model">A model of the same structure.</param>
    /// <exception cref="CheckpointException">The file is bad or does not fit the model (nothing is changed then).</exception>
    public static void LoadWeights(string path, nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var state = Read(path);
        CopyWeights(path, state, model);
    }

    internal static TrainingState Read(string path)
    {
        var (version, payload) = CheckpointFile.ReadVerified(path);
        return TrainingState.Deserialize(version, payload, path);
    }

    /// <summary>Checks all names, shapes and dtypes, then copies; throws before copying anything on a mismatch.</summary>
    internal static void CopyWeights(string path, TrainingState state, nn.Module model)
    {
        ValidateWeights(path, state, model);
        var target = model.state_dict();
        var stored = state.Weights.ToDictionary(w => w.Name, w => w.Value);
        using var noGrad = no_grad();
        foreach (var (name, value) in target)
            value.copy_(stored[name]);
    }

    /// <summary>Throws <see cref="CheckpointException"/> unless the stored tensors match the model's exactly.</summary>
    internal static void ValidateWeights(string path, TrainingState state, nn.Module model)
    {
        var target = model.state_dict();
        var stored = state.Weights.ToDictionary(w => w.Name, w => w.Value);
        var missing = target.Keys.Where(k => !stored.ContainsKey(k)).ToList();
        var unexpected = stored.Keys.Where(k => !target.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new CheckpointException(path,
                $"does not match the model ({model.GetType().Name}; checkpoint from {state.ModelType}): " +
                $"missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}].");
        foreach (var (name, value) in target)
        {
            var s = stored[name];
            if (!s.shape.SequenceEqual(value.shape) || s.dtype != value.dtype)
                throw new CheckpointException(path,
                    $"does not match the model: '{name}' is {s.dtype} [{string.Join(", ", s.shape)}] in the checkpoint, " +
                    $"{value.dtype} [{string.Join(", ", value.shape)}] in the model.");
        }
    }
}
