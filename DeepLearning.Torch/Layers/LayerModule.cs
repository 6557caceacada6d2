using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The compiled form of a layer (what <see cref="Layer"/>'s <c>Compile</c> returns): an ordinary TorchSharp module
/// whose parameters and buffers are named as in PyTorch (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, ...).
/// Inputs arrive as a list so that merge layers share the interface of single-input layers; derive from
/// <see cref="SingleInputModule"/> for a layer with one input. Register parameters (<c>register_parameter</c>) and
/// child modules (<c>register_module</c>) so that they train, move between devices and are saved with the model.
/// </summary>
public abstract class LayerModule : nn.Module
{
    /// <summary>Creates the module.</summary>
    /// <param name="name">The layer's name in the model.</param>
    protected LayerModule(string name) : base(name) { }

    /// <summary>Computes the layer on a batch (one tensor per input, batch first); the caller owns the result.</summary>
    public abstract Tensor Forward(IReadOnlyList<Tensor> inputs);

    /// <summary>This layer's weight penalty as a scalar tensor, added to the training loss; <c>null</c> for none.
    /// <value>Default <c>null</c>.</value></summary>
    public virtual Tensor? RegularizationLoss() => null;

    /// <summary>
    /// Registers <paramref name="module"/> as the child <paramref name="name"/> (<c>register_module</c>), so that it trains,
    /// moves between devices and is saved with this module; returns it.
    /// </summary>
    /// <param name="name">The child's name, the prefix of its parameters' names (<c>name.weight</c>).</param>
    /// <param name="module">The child module.</param>
    protected internal T Adopt<T>(string name, T module) where T : nn.Module
    {
        register_module(name, module);
        return module;
    }

    /// <summary>Adds two optional penalties.</summary>
    protected static Tensor? Sum(Tensor? a, Tensor? b) => a is null ? b : b is null ? a : a.add(b);
}
