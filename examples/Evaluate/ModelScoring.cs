using System.Globalization;
using System.Text;
using DeepLearning.Torch.Interop;
using DeepLearning.Torch.Training;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Examples.Evaluate;

/// <summary>
/// Scores a test set with a deployed model, an ONNX file (ONNX Runtime, CPU) or a TorchScript file (libtorch, through
/// <see cref="TorchScriptModel"/> and <see cref="Trainer.Predict(nn.Module{Tensor, Tensor}, Tensor)"/>), and writes the
/// scores as the CSV that <see cref="Evaluation.ScoreTable.ReadCsv"/> reads, so the report is the one of any other scores.
/// </summary>
internal static class ModelScoring
{
    private const int BatchSize = 1024;

    /// <summary>The test set: one row per sample, the features in file order (every column but label and weight).</summary>
    internal sealed record TestSet(float[][] Features, string[] Labels, string[]? Weights, string Path);

    /// <summary>
    /// Reads a CSV with a header: a <c>label</c> column, an optional <c>weight</c> column, and the features (every other
    /// column, in order; images flattened channel-major, as the library's Flatten and torch.flatten order them).
    /// </summary>
    public static TestSet ReadInputs(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--inputs: '{path}' does not exist.", path);
        using var reader = new StreamReader(path);
        string header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: the file is empty; expected a header with a 'label' column.");
        string[] columns = header.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
        int label = Array.IndexOf(columns, "label"), weight = Array.IndexOf(columns, "weight");
        if (label < 0) throw new InvalidDataException($"{path}: the header has no 'label' column.");
        int[] features = Enumerable.Range(0, columns.Length).Where(i => i != label && i != weight).ToArray();
        if (features.Length == 0) throw new InvalidDataException($"{path}: no feature columns besides 'label' and 'weight'.");
        var rows = new List<float[]>();
        var labels = new List<string>();
        var weights = new List<string>();
        int line = 1;
        for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            string[] cells = text.Split(',');
            if (cells.Length != columns.Length) throw new InvalidDataException($"{path}:{line}: expected {columns.Length} values, got {cells.Length}.");
            rows.Add(features.Select(i => float.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) ? v
                : throw new InvalidDataException($"{path}:{line}: column '{columns[i]}': '{cells[i]}' is not a number.")).ToArray());
            labels.Add(cells[label].Trim());
            if (weight >= 0) weights.Add(cells[weight].Trim());
        }
        if (rows.Count == 0) throw new InvalidDataException($"{path}: no samples after the header.");
        return new TestSet([.. rows], [.. labels], weight >= 0 ? [.. weights] : null, path);
    }

    /// <summary>Runs the ONNX file on the test set in batches; one row of outputs per sample.</summary>
    public static float[][] ScoreOnnx(string file, TestSet test)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"--onnx: '{file}' does not exist.", file);
        using var session = new InferenceSession(file);
        if (session.InputMetadata.Count != 1)
            throw new ArgumentException($"--onnx: '{file}' has {session.InputMetadata.Count} inputs ({string.Join(", ", session.InputMetadata.Keys)}); Evaluate feeds one.");
        var (name, meta) = session.InputMetadata.First();
        int[] sample = meta.Dimensions.Skip(1).ToArray();
        if (sample.Any(d => d < 0)) throw new ArgumentException($"--onnx: input '{name}' has a dynamic axis besides the batch: ({string.Join(", ", meta.Dimensions)}).");
        int size = sample.Aggregate(1, (a, b) => a * b);
        RequireFeatures(test, size, $"the ONNX input '{name}' of shape ({string.Join(", ", sample)})");
        var scores = new List<float[]>();
        for (int start = 0; start < test.Features.Length; start += BatchSize)
        {
            int n = Math.Min(BatchSize, test.Features.Length - start);
            float[] batch = test.Features.Skip(start).Take(n).SelectMany(r => r).ToArray();
            var input = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(batch, [n, .. sample]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(name, input)]);
            float[] output = results.First().AsTensor<float>().ToArray();
            int width = output.Length / n;
            for (int i = 0; i < n; i++) scores.Add(output.AsSpan(i * width, width).ToArray());
        }
        return [.. scores];
    }

    /// <summary>Runs the TorchScript file on the test set with <see cref="Trainer.Predict(nn.Module{Tensor, Tensor}, Tensor)"/>;
    /// the features are reshaped to (N, <paramref name="sampleShape"/>), or kept (N, F) without it.</summary>
    public static float[][] ScoreTorchScript(string file, TestSet test, long[]? sampleShape)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"--torchscript: '{file}' does not exist.", file);
        long[] sample = sampleShape ?? [test.Features[0].Length];
        RequireFeatures(test, (int)sample.Aggregate(1L, (a, b) => a * b), $"--input-shape ({string.Join(", ", sample)})");
        using var scope = NewDisposeScope();
        using var model = TorchScriptModel.Load(file);
        Tensor features = tensor(test.Features.SelectMany(r => r).ToArray()).reshape([test.Features.Length, .. sample]);
        Tensor scores = new Trainer(new TrainerOptions { BatchSize = BatchSize }).Predict(model, features).cpu();
        long width = scores.numel() / test.Features.Length;
        float[] values = scores.reshape(test.Features.Length, width).contiguous().data<float>().ToArray();
        return Enumerable.Range(0, test.Features.Length).Select(i => values.AsSpan(i * (int)width, (int)width).ToArray()).ToArray();
    }

    /// <summary>
    /// Writes <paramref name="path"/>: <c>score,label[,weight]</c> for one output per sample, <c>p0..pK-1,label[,weight]</c>
    /// for K outputs. Logits (<paramref name="logits"/>) become probabilities by the sigmoid or the softmax.
    /// </summary>
    public static void WriteScores(string path, float[][] scores, TestSet test, bool logits)
    {
        int width = scores[0].Length;
        var csv = new StringBuilder();
        csv.Append(width == 1 ? "score" : string.Join(",", Enumerable.Range(0, width).Select(k => $"p{k}")));
        csv.Append(",label").Append(test.Weights is null ? "" : ",weight").Append('\n');
        for (int i = 0; i < scores.Length; i++)
        {
            double[] row = scores[i].Select(v => (double)v).ToArray();
            if (logits && width == 1) row[0] = 1 / (1 + Math.Exp(-row[0]));
            else if (logits)
            {
                double max = row.Max(), sum = row.Sum(v => Math.Exp(v - max));
                row = row.Select(v => Math.Exp(v - max) / sum).ToArray();
            }
            csv.Append(string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append(',').Append(test.Labels[i]);
            if (test.Weights is { } w) csv.Append(',').Append(w[i]);
            csv.Append('\n');
        }
        File.WriteAllText(path, csv.ToString());
    }

    private static void RequireFeatures(TestSet test, int size, string what)
    {
        if (test.Features[0].Length != size)
            throw new ArgumentException($"--inputs: '{test.Path}' has {test.Features[0].Length} feature columns, {what} takes {size} values per sample.");
    }
}
