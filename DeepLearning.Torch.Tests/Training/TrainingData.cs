using DeepLearning.Torch.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>Small synthetic problems and hand-built modules for the training tests.</summary>
internal static class TrainingData
{
    /// <summary>Two Gaussian blobs in 4-D, labels 0/1 as float [N], sorted by class (signal then background).</summary>
    internal static (Tensor X, Tensor Y) Blobs(int n = 256, long seed = 1)
    {
        using var g = new Generator((ulong)seed);
        int half = n / 2;
        var x = cat([randn(half, 4, generator: g) + 1.5f, randn(n - half, 4, generator: g) - 1.5f]).DetachFromDisposeScope();
        var y = cat([ones(half), zeros(n - half)]).DetachFromDisposeScope();
        return (x, y);
    }

    /// <summary>y = x W + b + noise, 3 inputs, 2 outputs.</summary>
    internal static (Tensor X, Tensor Y) Linear(int n = 128, long seed = 2)
    {
        using var g = new Generator((ulong)seed);
        var x = randn(n, 3, generator: g).DetachFromDisposeScope();
        using var w = tensor(new float[,] { { 1, -2 }, { 0.5f, 1 }, { -1, 0.3f } });
        var y = (x.matmul(w) + 0.5f + 0.01f * randn(n, 2, generator: g)).DetachFromDisposeScope();
        return (x, y);
    }

    /// <summary>A 4-16-1 MLP with dropout, initialised from <paramref name="seed"/>.</summary>
    internal static nn.Module<Tensor, Tensor> Mlp(long seed = 0, double dropout = 0.2, int outputs = 1)
    {
        random.manual_seed(seed);
        return nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(dropout), nn.Linear(16, outputs));
    }

    internal static float[] Flat(nn.Module module) => module.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();
}
