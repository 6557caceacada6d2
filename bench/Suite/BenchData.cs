using DeepLearning.Torch.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>Training and inference inputs: real CIFAR-10 images (float32 in [0, 1]) or synthetic top-tagging-shaped jets.</summary>
internal static class BenchData
{
    /// <summary>Features and labels for <paramref name="model"/> ("fc"/"cnn": CIFAR-10; "dense": (N, 200, 4) normal, 0/1 float labels).</summary>
    internal static (Tensor X, Tensor Y) Load(string model, Options options)
    {
        int images = options.Int("images", 10_000);
        if (model == "dense")
        {
            using var generator = new Generator(7);
            var x = randn([images, 200, 4], generator: generator);
            var y = randint(0, 2, [images], generator: generator).to_type(ScalarType.Float32);
            return (x, y);
        }
        string dir = options.Text("data", "../shared/data/cifar-10-batches-bin");
        int files = (images + 9_999) / 10_000;
        var data = Cifar10Reader.Read(Enumerable.Range(1, files).Select(i => Path.Combine(dir, $"data_batch_{i}.bin")));
        if (data.Count == images) return (data.Images, data.Labels);
        var (xs, ys) = (data.Images[..images].clone(), data.Labels[..images].clone());
        data.Dispose();
        return (xs, ys);
    }
}
