using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// Joins two or more inputs along <see cref="Axis"/>; all other dimensions must agree. The axis counts sample
/// dimensions (batch excluded): 0, the default, is the channel axis of (C, H, W) images and the feature axis of vectors.
/// </summary>
public sealed record Concatenate : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="axis">Sample axis to join along, batch excluded; negative counts from the end. <value>Default 0 (channels).</value></param>
    public Concatenate(int axis = 0)
    {
        Axis = axis;
    }

    /// <summary>Sample axis to join along, batch excluded; negative counts from the end.</summary>
    public int Axis { get; init; }

    /// <inheritdoc/>
    protected override int MinInputs => 2;

    /// <inheritdoc/>
    protected override int MaxInputs => int.MaxValue;

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        int rank = inputs[0].Rank;
        string all = string.Join(" and ", inputs);
        if (inputs.Any(s => s.Rank != rank))
            throw new ModelBuildException($"{where}: cannot concatenate shapes {all}: ranks differ.");
        int axis = Axis < 0 ? rank + Axis : Axis;
        if (axis < 0 || axis >= rank)
            throw new ModelBuildException($"{where}: axis {Axis} is out of range for inputs of rank {rank} ({all}).");
        for (int d = 0; d < rank; d++)
        {
            if (d != axis && inputs.Any(s => s[d] != inputs[0][d]))
                throw new ModelBuildException($"{where}: cannot concatenate shapes {all} along axis {Axis}: dimension {d} differs.");
        }
        int[] dims = inputs[0].Dimensions.ToArray();
        dims[axis] = inputs.Sum(s => s[axis]);
        return new Shape(dims);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        int axis = Axis < 0 ? inputs[0].Rank + Axis : Axis;
        return new Module(name, axis + 1);
    }

    private sealed class Module(string name, long dim) : LayerModule(name)
    {
        public override Tensor Forward(IReadOnlyList<Tensor> inputs) => cat(inputs.ToArray(), dim);
    }
}
