using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The compiled form of a layer: an ordinary TorchSharp module whose parameters and buffers are named as in
/// PyTorch (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, ...). Inputs arrive as a list so that merge layers
/// share the interface of single-input layers.
/// </summary>
internal abstract class LayerModule : nn.Module
{
    protected LayerModule(string name) : base(name) { }

    /// <summary>Computes the layer on a batch.</summary>
    public abstract Tensor Forward(IReadOnlyList<Tensor> inputs);

    /// <summary>This layer's regularization penalty, or <c>null</c> when it has no regularizer.</summary>
    public virtual Tensor? RegularizationLoss() => null;

    /// <summary>Adds two optional penalties.</summary>
    protected static Tensor? Sum(Tensor? a, Tensor? b) => a is null ? b : b is null ? a : a.add(b);
}

/// <summary>A compiled layer with exactly one input.</summary>
internal abstract class SingleInputModule : LayerModule
{
    protected SingleInputModule(string name) : base(name) { }

    /// <inheritdoc/>
    public sealed override Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs[0]);

    /// <summary>Computes the layer on a batch.</summary>
    public abstract Tensor Forward(Tensor input);
}
