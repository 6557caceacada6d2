using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>The benchmark models written directly in TorchSharp (same layers as CifarModels and the top-tagging DNN).</summary>
internal static class HandModels
{
    internal static nn.Module<Tensor, Tensor> Create(string name, long seed)
    {
        random.manual_seed(seed);
        return name switch
        {
            "fc" => nn.Sequential(
                nn.Flatten(), nn.Linear(3072, 256), nn.ReLU(), nn.Dropout(0.3),
                nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10), nn.Softmax(1)),
            "cnn" => nn.Sequential(
                nn.Conv2d(3, 32, 5, stride: 2), nn.ReLU(), nn.Dropout(0.3),
                nn.Conv2d(32, 64, 5, stride: 2), nn.ReLU(), nn.Dropout(0.3),
                nn.Conv2d(64, 128, 5, stride: 2), nn.ReLU(), nn.Dropout(0.3),
                nn.Flatten(), nn.Linear(128, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10), nn.Softmax(1)),
            "dense" => nn.Sequential(
                nn.Flatten(), nn.Linear(800, 256), nn.ReLU(), nn.Dropout(0.1),
                nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 1)),
            _ => throw new ArgumentException($"Unknown model '{name}'; use fc, cnn or dense.", nameof(name)),
        };
    }

    /// <summary>The loss the Trainer uses for that model: cross-entropy on softmax probabilities, or binary cross-entropy on a logit.</summary>
    internal static Tensor Loss(string name, Tensor output, Tensor target) => name == "dense"
        ? nn.functional.binary_cross_entropy_with_logits(output.squeeze(1), target)
        : nn.functional.nll_loss(output.clamp(1e-7, 1.0).log(), target);
}
