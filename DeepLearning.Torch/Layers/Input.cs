using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A model input: the shape of one sample, batch excluded, in torch layout, e.g. <c>new Input(3, 32, 32)</c> for
/// CIFAR-10 images. First item of a <c>Sequential</c>; in the functional API, Create gives the
/// symbolic tensor to call layers on (<see cref="Create(int[])"/>).
/// </summary>
public sealed record Input : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="shape">Sample shape, batch excluded; positive sizes.</param>
    /// <exception cref="ArgumentException">The shape is empty or has a non-positive size.</exception>
    public Input(params int[] shape)
    {
        Shape = new Shape(shape);
    }

    /// <summary>Creates the description from a shape (used by JSON).</summary>
    [System.Text.Json.Serialization.JsonConstructor]
    public Input(Shape shape)
    {
        Shape = shape ?? throw new ArgumentNullException(nameof(shape));
    }

    /// <summary>The sample shape, batch excluded.</summary>
    public Shape Shape { get; init; }

    /// <summary>A symbolic input tensor for the functional API.</summary>
    /// <param name="shape">Sample shape, batch excluded.</param>
    public static SymbolicTensor Create(params int[] shape) => new Input(shape).Call();

    /// <summary>A named symbolic input tensor for the functional API.</summary>
    /// <param name="name">The input's name (shown in summaries and errors).</param>
    /// <param name="shape">Sample shape, batch excluded.</param>
    public static SymbolicTensor Create(string name, params int[] shape) => new Input(shape) { Name = name }.Call();

    /// <inheritdoc/>
    protected override int MinInputs => 0;

    /// <inheritdoc/>
    protected override int MaxInputs => 0;

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => Shape;

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name);

    private sealed class Module(string name) : LayerModule(name)
    {
        public override Tensor Forward(IReadOnlyList<Tensor> inputs) => inputs[0];
    }
}
