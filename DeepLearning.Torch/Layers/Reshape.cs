using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>Reshapes each sample to <see cref="TargetShape"/> (batch excluded); one entry may be −1 to be inferred.</summary>
public sealed record Reshape : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="targetShape">The new sample shape; positive sizes and at most one −1.</param>
    /// <exception cref="ModelBuildException">The target shape is empty or has invalid entries.</exception>
    public Reshape(params int[] targetShape) : this((IReadOnlyList<int>)targetShape)
    {
    }

    [System.Text.Json.Serialization.JsonConstructor]
    private Reshape(IReadOnlyList<int> targetShape)
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        TargetShape = targetShape.ToArray();
    }

    /// <summary>The new sample shape; at most one entry is −1.</summary>
    public IReadOnlyList<int> TargetShape { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        if (TargetShape.Count == 0) throw new ModelBuildException($"{where}: the target shape is empty.");
        if (TargetShape.Any(d => d == 0 || d < -1) || TargetShape.Count(d => d == -1) > 1)
            throw new ModelBuildException($"{where}: target shape ({string.Join(", ", TargetShape)}) must have positive sizes and at most one -1.");
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        long total = Single(inputs).ElementCount;
        long known = TargetShape.Where(d => d > 0).Aggregate(1L, (a, b) => a * b);
        int[] dims = TargetShape.ToArray();
        int unknown = Array.IndexOf(dims, -1);
        if (unknown >= 0)
        {
            if (total % known != 0)
                throw new ModelBuildException($"{where}: cannot reshape {Single(inputs)} ({total} elements) to ({string.Join(", ", TargetShape)}).");
            dims[unknown] = (int)(total / known);
        }
        else if (known != total)
        {
            throw new ModelBuildException($"{where}: cannot reshape {Single(inputs)} ({total} elements) to ({string.Join(", ", TargetShape)}) ({known} elements).");
        }
        return new Shape(dims);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new Module(name, InferShape(inputs, name));

    private sealed class Module(string name, Shape target) : SingleInputModule(name)
    {
        private readonly long[] sample = target.Dimensions.Select(d => (long)d).ToArray();

        public override Tensor Forward(Tensor input) => input.reshape([input.shape[0], .. sample]);
    }
}
