using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Bench.Training;

/// <summary>Reads CIFAR-10 binary batches (records of 1 label byte + 3072 pixel bytes).</summary>
internal static class Cifar
{
    internal static (Tensor Images, Tensor Labels) Load(string directory, int count)
    {
        var images = new List<byte>();
        var labels = new List<long>();
        for (int file = 1; file <= 5 && labels.Count < count; file++)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(directory, $"data_batch_{file}.bin"));
            for (int r = 0; r + 3073 <= bytes.Length && labels.Count < count; r += 3073)
            {
                labels.Add(bytes[r]);
                images.AddRange(new ArraySegment<byte>(bytes, r + 1, 3072));
            }
        }
        using var raw = tensor(images.ToArray(), dtype: ScalarType.Byte);
        var x = (raw.reshape(labels.Count, 3, 32, 32).to_type(ScalarType.Float32) / 255f).DetachFromDisposeScope();
        var y = tensor(labels.ToArray()).DetachFromDisposeScope();
        return (x, y);
    }
}
