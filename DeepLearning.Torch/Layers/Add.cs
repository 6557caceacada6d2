using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>Sums two or more inputs of the same shape, element by element (the residual connection).</summary>
public sealed record Add : ElementwiseMerge
{
    private protected override string Verb => "add";

    private protected override Tensor Combine(Tensor a, Tensor b) => a.add(b);
}
