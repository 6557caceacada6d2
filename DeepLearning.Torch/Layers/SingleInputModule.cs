using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>A compiled layer with exactly one input: override <see cref="Forward(Tensor)"/>.</summary>
public abstract class SingleInputModule : LayerModule
{
    /// <summary>Creates the module.</summary>
    /// <param name="name">The layer's name in the model.</param>
    protected SingleInputModule(string name) : base(name) { }

    /// <inheritdoc/>
    public sealed override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Forward(inputs[0]);
    }

    /// <summary>Computes the layer on a batch (batch first); the caller owns the result.</summary>
    public abstract Tensor Forward(Tensor input);
}
