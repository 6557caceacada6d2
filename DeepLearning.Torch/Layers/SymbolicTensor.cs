namespace DeepLearning.Torch.Layers;

/// <summary>
/// The symbolic output of a layer in the functional API: it knows its sample shape and how it was produced,
/// and holds no data. Create inputs with <see cref="Input.Create(int[])"/>, apply layers with
/// <see cref="Layer.Call(SymbolicTensor[])"/>, and turn the graph into a module with <c>Model.FromGraph</c>.
/// </summary>
public sealed class SymbolicTensor
{
    /// <summary>Checks <paramref name="layer"/> on the inputs' shapes, once (<see cref="Layer.Apply"/>), and records its output.</summary>
    private SymbolicTensor(Layer layer, SymbolicTensor[] inputs)
    {
        Shape = layer.Apply(inputs.Select(i => i.Shape).ToArray(), layer.Where);
        Layer = layer;
        Inputs = inputs;
    }

    /// <summary>The sample shape, batch excluded.</summary>
    public Shape Shape { get; }

    /// <summary>The layer that produced this tensor.</summary>
    public Layer Layer { get; }

    /// <summary>The tensors the layer was called on (empty for an input).</summary>
    public IReadOnlyList<SymbolicTensor> Inputs { get; }

    /// <summary>Prints the shape and producing layer.</summary>
    public override string ToString() => $"SymbolicTensor{Shape.ToBatchString()} from {Layer.Name ?? Layer.TypeName}";

    /// <summary>Applies <paramref name="layer"/> to <paramref name="inputs"/>: the layer is checked here, once (<see cref="Layer.Apply"/>).</summary>
    internal static SymbolicTensor Apply(Layer layer, SymbolicTensor[] inputs)
    {
        if (inputs.Any(i => i is null)) throw new ArgumentNullException(nameof(inputs), $"{layer.Where}: an input is null.");
        return new SymbolicTensor(layer, inputs.ToArray());
    }
}
