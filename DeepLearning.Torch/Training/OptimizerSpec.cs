using TorchSharp;
using TorchSharp.Modules;

namespace DeepLearning.Torch.Training;

/// <summary>
/// A recipe for an optimizer (made by <see cref="Optimizers"/>): the trainer creates the TorchSharp optimizer on the
/// model's parameters after moving the model to its device, so the optimizer state lives on that device.
/// </summary>
public sealed class OptimizerSpec
{
    private readonly Func<IEnumerable<Parameter>, torch.optim.Optimizer> _create;

    internal OptimizerSpec(string name, double learningRate, Func<IEnumerable<Parameter>, torch.optim.Optimizer> create)
    {
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"{name}: the learning rate must be positive and finite.");
        Name = name;
        LearningRate = learningRate;
        _create = create;
    }

    /// <summary>Optimizer name, e.g. <c>Adam</c>.</summary>
    public string Name { get; }

    /// <summary>Initial learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>Creates the optimizer over <paramref name="parameters"/>; the caller owns (disposes) it.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    public torch.optim.Optimizer Create(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return _create(parameters);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}(lr={LearningRate})";
}
