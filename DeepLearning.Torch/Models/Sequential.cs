using System.Collections;
using DeepLearning.Torch.Layers;

namespace DeepLearning.Torch.Models;

/// <summary>
/// A stack of layers applied one after the other, starting with an <see cref="Input"/>; Keras' <c>Sequential</c>.
/// Write it with a collection initializer and call <see cref="Build"/> for the module:
/// <code>
/// Model model = new Sequential("mlp", InitPreset.Keras) { new Input(16), new Dense(32, Activation.Relu), new Dense(1) }.Build(seed: 1);
/// </code>
/// </summary>
public sealed class Sequential : IEnumerable<Layer>
{
    private readonly List<Layer> layers = [];

    /// <summary>Creates an empty stack.</summary>
    /// <param name="name">The model's name. <value>Default "sequential".</value></param>
    /// <param name="preset">Defaults for unspecified initializers and batch-norm options. <value>Default Torch.</value></param>
    public Sequential(string name = "sequential", InitPreset preset = InitPreset.Torch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Preset = preset;
    }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>Defaults for unspecified options.</summary>
    public InitPreset Preset { get; }

    /// <summary>Appends a layer.</summary>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        layers.Add(layer);
    }

    /// <summary>
    /// The description of the stack, with every layer named. Checks only the stack's structure: it starts with its one
    /// <see cref="Input"/> and holds no merge layer. Shapes are inferred and checked by <see cref="Build"/>.
    /// </summary>
    /// <exception cref="ModelBuildException">The stack does not start with its one Input, or holds a merge layer; the message names the layer.</exception>
    public ModelDescription Describe() => GraphBuilder.FromSequential(layers, Name, Preset);

    /// <summary>Infers every shape and compiles the stack into a TorchSharp module.</summary>
    /// <param name="seed">Seed of the weight initialisation. <value>Default null (libtorch's global generator).</value></param>
    /// <exception cref="ModelBuildException">The stack is inconsistent; the message names the layer and shapes.</exception>
    public Model Build(long? seed = null) => Model.Build(Describe(), seed);

    /// <inheritdoc/>
    public IEnumerator<Layer> GetEnumerator() => layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
