using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// What <see cref="Add"/>, <see cref="Subtract"/> and <see cref="Multiply"/> share: two or more inputs of one shape,
/// combined element by element, left to right, into an output of that shape.
/// </summary>
public abstract record ElementwiseMerge : Layer
{
    private protected ElementwiseMerge()
    {
    }

    /// <summary>The operation's verb in error messages (<c>add</c>).</summary>
    private protected abstract string Verb { get; }

    /// <summary>Combines two inputs element by element.</summary>
    private protected abstract Tensor Combine(Tensor a, Tensor b);

    /// <inheritdoc/>
    protected override int MinInputs => 2;

    /// <inheritdoc/>
    protected override int MaxInputs => int.MaxValue;

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        Shape first = inputs[0];
        if (inputs.Any(s => !s.Equals(first)))
            throw new ModelBuildException($"{where}: cannot {Verb} shapes {string.Join(" and ", inputs)}: all inputs must have the same shape.");
        return first;
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name, Combine);

    private sealed class Module(string name, Func<Tensor, Tensor, Tensor> combine) : LayerModule(name)
    {
        public override Tensor Forward(IReadOnlyList<Tensor> inputs)
        {
            if (inputs.Count == 2) return combine(inputs[0], inputs[1]);
            using var scope = NewDisposeScope();
            Tensor result = inputs[0];
            for (int i = 1; i < inputs.Count; i++) result = combine(result, inputs[i]);
            return result.MoveToOuterDisposeScope();
        }
    }
}
