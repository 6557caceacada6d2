using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>Multiplies two or more inputs of the same shape, element by element.</summary>
public sealed record Multiply : ElementwiseMerge
{
    private protected override string Verb => "multiply";

    private protected override Tensor Combine(Tensor a, Tensor b) => a.mul(b);
}
