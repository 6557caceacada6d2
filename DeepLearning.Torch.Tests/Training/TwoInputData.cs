using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>A two-input problem and the two-branch functional model used by the multi-input training tests.</summary>
internal static class TwoInputData
{
    /// <summary>x1 [n, 3], x2 [n, 2] standard normal; y = 1 where sum(x1) + 2 x2[0] - x2[1] &gt; 0, as float [n].</summary>
    internal static (Tensor X1, Tensor X2, Tensor Y) Make(int n = 128, long seed = 8)
    {
        using var g = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        var x1 = randn(n, 3, generator: g);
        var x2 = randn(n, 2, generator: g);
        var y = (x1.sum(1) + 2 * x2[.., 0] - x2[.., 1]).gt(0).to_type(ScalarType.Float32);
        return (x1.MoveToOuterDisposeScope(), x2.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }

    /// <summary>Dense branch (with dropout) on "a" [3] and Dense branch on "b" [2], concatenated, then one logit.</summary>
    internal static Model TwoBranch(long seed)
    {
        var a = Input.Create("a", 3);
        var b = Input.Create("b", 2);
        var left = new Dropout(0.2).Call(new Dense(8, Activation.Relu).Call(a));
        var right = new Dense(8, Activation.Relu).Call(b);
        var joined = new Concatenate().Call(left, right);
        return Model.FromGraph([a, b], new Dense(1).Call(joined), name: "two_branch", seed: seed);
    }
}
