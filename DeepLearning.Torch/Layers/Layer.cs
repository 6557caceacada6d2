using System.Text.Json.Serialization;
using DeepLearning.Torch.Models;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// An immutable description of a layer: what it computes and its options, never its weights. Descriptions are
/// composed in a <see cref="Sequential"/> or called on symbolic tensors (<see cref="Call(SymbolicTensor[])"/>) to
/// form a graph; <c>Build</c> infers every shape and compiles the graph into a TorchSharp module (<see cref="Model"/>).
/// Calling the same description instance twice shares its weights (Keras' shared layers).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Input), "Input")]
[JsonDerivedType(typeof(Dense), "Dense")]
[JsonDerivedType(typeof(Conv1D), "Conv1D")]
[JsonDerivedType(typeof(Conv2D), "Conv2D")]
[JsonDerivedType(typeof(SeparableConv2D), "SeparableConv2D")]
[JsonDerivedType(typeof(DepthwiseConv2D), "DepthwiseConv2D")]
[JsonDerivedType(typeof(MaxPooling2D), "MaxPooling2D")]
[JsonDerivedType(typeof(AveragePooling2D), "AveragePooling2D")]
[JsonDerivedType(typeof(GlobalMaxPooling2D), "GlobalMaxPooling2D")]
[JsonDerivedType(typeof(GlobalAveragePooling2D), "GlobalAveragePooling2D")]
[JsonDerivedType(typeof(Flatten), "Flatten")]
[JsonDerivedType(typeof(Reshape), "Reshape")]
[JsonDerivedType(typeof(Dropout), "Dropout")]
[JsonDerivedType(typeof(AlphaDropout), "AlphaDropout")]
[JsonDerivedType(typeof(BatchNormalization), "BatchNormalization")]
[JsonDerivedType(typeof(Activation), "Activation")]
[JsonDerivedType(typeof(Add), "Add")]
[JsonDerivedType(typeof(Subtract), "Subtract")]
[JsonDerivedType(typeof(Multiply), "Multiply")]
[JsonDerivedType(typeof(Concatenate), "Concatenate")]
[JsonDerivedType(typeof(ResidualBlock), "ResidualBlock")]
[JsonDerivedType(typeof(InceptionBlock), "InceptionBlock")]
public abstract record Layer
{
    /// <summary>
    /// The layer's name, unique within a model; it prefixes the layer's parameter names (<c>dense_1.weight</c>).
    /// <value>Default <c>null</c>: the builder names it after its type and position (<c>conv2d_1</c>, <c>conv2d_2</c>).</value>
    /// </summary>
    public string? Name { get; init; }

    /// <summary>Applies the layer to symbolic tensors (the functional API) and returns its symbolic output.</summary>
    /// <exception cref="ModelBuildException">The inputs' shapes do not fit this layer.</exception>
    public SymbolicTensor Call(params SymbolicTensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return SymbolicTensor.Apply(this, inputs);
    }

    /// <summary>The Keras type name shown in summaries, e.g. <c>Conv2D</c>.</summary>
    internal string TypeName => GetType().Name;

    /// <summary>Smallest number of inputs the layer accepts.</summary>
    internal virtual int MinInputs => 1;

    /// <summary>Largest number of inputs the layer accepts.</summary>
    internal virtual int MaxInputs => 1;

    /// <summary>Checks the options; throws <see cref="ModelBuildException"/> naming <paramref name="where"/>.</summary>
    internal virtual void Validate(string where) { }

    /// <summary>The output shape for the given input shapes; throws <see cref="ModelBuildException"/> naming <paramref name="where"/>.</summary>
    internal abstract Shape InferShape(IReadOnlyList<Shape> inputs, string where);

    /// <summary>Creates the module computing the layer, with freshly initialised weights.</summary>
    internal abstract LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context);

    /// <summary>Throws when the options are invalid; used by constructors, naming the layer type.</summary>
    private protected void ValidateOnCreate() => Validate(Name is null ? TypeName : $"Layer '{Name}' ({TypeName})");

    /// <summary>Helper for single-input layers: the one input shape.</summary>
    private protected static Shape Single(IReadOnlyList<Shape> inputs) => inputs[0];
}
