using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>A two-output problem (a regression target and a class) and small two-output functional models.</summary>
internal static class TwoOutputData
{
    /// <summary>x [n, 2] standard normal; mass [n, 1] = x0 - 2 x1 + 0.5; label [n, 1] = 1 where x0 + x1 &gt; 0; weights [n] in [0.5, 1.5).</summary>
    internal static (Tensor X, Tensor Mass, Tensor Label, Tensor Weights) Make(int n = 64, long seed = 3)
    {
        using var g = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        var x = randn(n, 2, generator: g);
        var mass = (x[.., 0] - 2 * x[.., 1] + 0.5f).unsqueeze(1);
        var label = (x[.., 0] + x[.., 1]).gt(0).to_type(ScalarType.Float32).unsqueeze(1);
        var weights = rand(n, generator: g) + 0.5f;
        return (x.MoveToOuterDisposeScope(), mass.MoveToOuterDisposeScope(), label.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }

    /// <summary>Two linear heads on one input [2]: "mass" (a regression) and "tag" (a logit).</summary>
    internal static Model Linear(long seed = 1)
    {
        var x = Input.Create("x", 2);
        var mass = new Dense(1) { Name = "mass" }.Call(x);
        var tag = new Dense(1) { Name = "tag" }.Call(x);
        return Model.FromGraph([x], [mass, tag], name: "two_out", seed: seed);
    }

    /// <summary>A hidden layer with dropout shared by the heads "mass" and "tag" (for training and resume).</summary>
    internal static Model Shared(long seed = 1)
    {
        var x = Input.Create("x", 2);
        var h = new Dropout(0.2).Call(new Dense(8, Activation.Relu).Call(x));
        var mass = new Dense(1) { Name = "mass" }.Call(h);
        var tag = new Dense(1) { Name = "tag" }.Call(h);
        return Model.FromGraph([x], [mass, tag], name: "two_out", seed: seed);
    }
}
