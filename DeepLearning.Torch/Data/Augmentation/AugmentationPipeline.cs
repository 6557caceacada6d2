using TorchSharp;

namespace DeepLearning.Torch.Data.Augmentation;

/// <summary>Applies several augmentations in order; <see cref="IsTraining"/> switches all of them.</summary>
public sealed class AugmentationPipeline : IBatchAugmentation
{
    private readonly IBatchAugmentation[] _steps;
    private bool _isTraining = true;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="steps">The augmentations, applied first to last.</param>
    public AugmentationPipeline(params IBatchAugmentation[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Any(s => s is null)) throw new ArgumentException("A step is null.", nameof(steps));
        _steps = steps;
    }

    /// <summary>The augmentations, in order.</summary>
    public IReadOnlyList<IBatchAugmentation> Steps => _steps;

    /// <inheritdoc />
    public bool IsTraining
    {
        get => _isTraining;
        set
        {
            _isTraining = value;
            foreach (var step in _steps) step.IsTraining = value;
        }
    }

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var step in _steps) step.SaveState(writer);
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var step in _steps) step.LoadState(reader);
    }

    /// <inheritdoc/>
    public torch.Tensor Apply(torch.Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = torch.NewDisposeScope();
        var current = batch.alias();
        foreach (var step in _steps) current = step.Apply(current);
        return current.MoveToOuterDisposeScope();
    }
}
