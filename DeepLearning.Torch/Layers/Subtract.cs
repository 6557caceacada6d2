using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>Subtracts the second input from the first, element by element; both have the same shape.</summary>
public sealed record Subtract : ElementwiseMerge
{
    /// <inheritdoc/>
    protected override int MaxInputs => 2;

    private protected override string Verb => "subtract";

    private protected override Tensor Combine(Tensor a, Tensor b) => a.sub(b);
}
