using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Bench.Training;

/// <summary>The reference: an idiomatic hand-written TorchSharp training loop (randperm + index_select, one scope per batch).</summary>
internal static class HandLoop
{
    internal static (double Wall, double Cpu) EpochSeconds(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, int batchSize, int epochs, long seed)
    {
        using var optimizer = optim.Adam(model.parameters(), 1e-3);
        using var generator = new Generator((ulong)seed);
        random.manual_seed(seed);
        model.train();
        long n = x.shape[0];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            using var order = randperm(n, generator: generator);
            double lossSum = 0;
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                long length = Math.Min(batchSize, n - start);
                var rows = order.narrow(0, start, length);
                var xb = x.index_select(0, rows);
                var yb = y.index_select(0, rows);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(xb), yb);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * length;
            }
            GC.KeepAlive(lossSum);
        }
        double wall = clock.Elapsed.TotalSeconds / epochs;
        return (wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / epochs);
    }
}
