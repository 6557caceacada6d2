using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>Wraps a model and spoils the output of its n-th training forward pass (1-based).</summary>
internal sealed class Poisoned : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> inner;
    private readonly int atCall;
    private readonly Poison poison;
    private int calls;

    internal Poisoned(nn.Module<Tensor, Tensor> inner, int atCall, Poison poison) : base("poisoned")
    {
        this.inner = inner;
        this.atCall = atCall;
        this.poison = poison;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var y = inner.forward(input);
        if (!training || ++calls != atCall) return y;
        return poison switch
        {
            Poison.NaNLoss => y * float.NaN,
            // Finite logits of 3.4e38: the per-sample losses are finite, their sum overflows to infinity.
            Poison.InfiniteLoss => y * 0 + float.MaxValue,
            // Same value forward (the added terms are zero), gradient scaled by about 1e76 backward: it overflows.
            _ => Amplify(Amplify(y)),
        };
    }

    private static Tensor Amplify(Tensor t) => t + (t - t.detach()) * 1e38f;
}
