using System.Diagnostics;
using DeepLearning.Torch.Interop;
using Microsoft.ML.OnnxRuntime;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>
/// Inference of the same model (seed 1) exported with ExportOnnx and run by ONNX Runtime (CPU, --threads intra-op
/// threads, sequential execution), batch 1,000 over --images inputs, --repeats timed passes after one warm-up pass;
/// the result is the median seconds per pass, to set against the "infer" case (Trainer.Predict on libtorch).
/// </summary>
internal static class OnnxInferCase
{
    internal static double Run(Options options)
    {
        string name = options.Text("model");
        var (x, y) = BenchData.Load(name, options);
        string path = Path.Combine(Path.GetTempPath(), $"bench_{name}_{Environment.ProcessId}.onnx");
        int n = (int)x.shape[0];
        int[] sample = x.shape.Skip(1).Select(d => (int)d).ToArray();
        int size = sample.Aggregate(1, (a, b) => a * b);
        float[] all = x.contiguous().data<float>().ToArray();
        x.Dispose();
        y.Dispose();
        try
        {
            using (var model = TrainCase.OurModel(name).Build(seed: 1))
            {
                model.eval();
                model.ExportOnnx(path);
            }
            using var session = new InferenceSession(path, new SessionOptions
            {
                IntraOpNumThreads = options.Int("threads", Environment.ProcessorCount),
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            });
            string input = session.InputMetadata.Keys.First();
            var seconds = new List<double>();
            for (int pass = 0; pass <= options.Int("repeats", 3); pass++)
            {
                var clock = Stopwatch.StartNew();
                for (int start = 0; start < n; start += 1000)
                {
                    int b = Math.Min(1000, n - start);
                    var tensor = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(all.AsMemory(start * size, b * size), [b, .. sample]);
                    using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, tensor)]);
                }
                if (pass > 0) seconds.Add(clock.Elapsed.TotalSeconds);
            }
            return Options.Median(seconds);
        }
        finally { File.Delete(path); }
    }
}
