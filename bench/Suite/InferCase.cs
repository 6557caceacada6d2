using System.Diagnostics;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>
/// Inference: Trainer.Predict with batch 1,000 over --images inputs, --repeats timed passes after one warm-up pass;
/// the result is the median seconds per pass.
/// </summary>
internal static class InferCase
{
    internal static double Run(Options options)
    {
        string name = options.Text("model");
        var (x, y) = BenchData.Load(name, options);
        using (x) using (y)
        {
            using var model = TrainCase.OurModel(name).Build(seed: 1);
            var trainer = new Trainer(new TrainerOptions { BatchSize = 1000, Device = DeviceSelection.Cpu });
            var seconds = new List<double>();
            for (int pass = 0; pass <= options.Int("repeats", 3); pass++)
            {
                var clock = Stopwatch.StartNew();
                using var p = trainer.Predict(model, x);
                if (pass > 0) seconds.Add(clock.Elapsed.TotalSeconds);
            }
            return Options.Median(seconds);
        }
    }
}
