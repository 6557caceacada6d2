using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A lookup table of learned vectors (Keras <c>Embedding</c>, torch's <c>nn.Embedding</c>): each integer index in
/// [0, <see cref="InputDim"/>) of the input becomes a row of <c>weight</c> (inputDim, outputDim). Samples of any rank:
/// (steps,) → (steps, outputDim). Indices may arrive as an integer tensor or as floats holding integers.
/// </summary>
public sealed record Embedding : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="inputDim">Number of distinct indices (vocabulary size); positive.</param>
    /// <param name="outputDim">Length of each vector; positive.</param>
    public Embedding(int inputDim, int outputDim)
    {
        InputDim = inputDim;
        OutputDim = outputDim;
    }

    /// <summary>Number of distinct indices.</summary>
    public int InputDim { get; init; }

    /// <summary>Length of each vector.</summary>
    public int OutputDim { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        ConvGeometry.RequirePositive(InputDim, "inputDim", where);
        ConvGeometry.RequirePositive(OutputDim, "outputDim", where);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => new([.. Single(inputs).Dimensions, OutputDim]);

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name, this, context);

    private sealed class Module : SingleInputModule
    {
        private readonly TorchSharp.Modules.Parameter weight;

        public Module(string name, Embedding layer, BuildContext context) : base(name)
        {
            Tensor data = empty([layer.InputDim, layer.OutputDim], dtype: float32);
            // torch's nn.Embedding draws N(0, 1); Keras draws uniform in ±0.05. Both from the model's generator.
            if (context.Preset == InitPreset.Keras) data.uniform_(-0.05, 0.05, context.Generator);
            else data.normal_(0, 1, context.Generator);
            weight = new TorchSharp.Modules.Parameter(data, requires_grad: true);
            register_parameter("weight", weight);
        }

        public override Tensor Forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            Tensor indices = input.dtype == ScalarType.Int64 ? input : input.to_type(ScalarType.Int64);
            // Rows of the table for the flattened indices (what nn.Embedding computes), then the input's shape back.
            Tensor rows = weight.index_select(0, indices.flatten());
            return rows.reshape([.. input.shape, weight.shape[1]]).MoveToOuterDisposeScope();
        }
    }
}
