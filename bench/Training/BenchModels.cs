using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Bench.Training;

/// <summary>The lecture's CIFAR-10 models, written directly in TorchSharp.</summary>
internal static class BenchModels
{
    internal static nn.Module<Tensor, Tensor> Create(string name, long seed)
    {
        random.manual_seed(seed);
        return name switch
        {
            "fc" => nn.Sequential(
                nn.Flatten(), nn.Linear(3072, 512), nn.ReLU(), nn.Dropout(0.3),
                nn.Linear(512, 256), nn.ReLU(), nn.Dropout(0.3), nn.Linear(256, 10)),
            "cnn" => nn.Sequential(
                nn.Conv2d(3, 32, 5, stride: 2), nn.ReLU(), nn.Dropout(0.3),
                nn.Conv2d(32, 64, 5, stride: 2), nn.ReLU(), nn.Dropout(0.3),
                nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10)),
            _ => throw new ArgumentException($"Unknown model '{name}'; use fc or cnn.", nameof(name)),
        };
    }
}
