using DeepLearning.Torch.Data;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training.LossFunctions;
using DeepLearning.Torch.Training.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>Evaluation and prediction in batches, gradients off, model in eval mode.</summary>
internal static class BatchEvaluation
{
    /// <summary>Loss (plus regularization, as in training) and metrics over <paramref name="data"/> (only <paramref name="rows"/> when given), keys without prefix.</summary>
    internal static Dictionary<string, double> Evaluate(nn.Module<Tensor, Tensor> model, TensorDataset data, IReadOnlyList<long>? rows,
        Loss loss, IReadOnlyList<Metric> metrics, Tensor? classWeights, Device device, int batchSize)
    {
        if (data.Labels is null)
            throw new ArgumentException("Evaluation needs labels; the dataset has none.", nameof(data));
        bool wasTraining = model.training;
        model.eval();
        foreach (var m in metrics) m.Reset();
        double lossSum = 0;
        long seen = 0;
        try
        {
            using var noGrad = no_grad();
            using var batches = new BatchIterator(data, batchSize, device, rows: rows);
            for (int b = 0; b < batches.BatchCount; b++)
            {
                using var scope = NewDisposeScope();
                var batch = batches.GetBatch(b);
                var prediction = ModelInputs.Forward(model, batch.Inputs);
                var weights = SampleWeights.Combine(batch.Labels!, batch.Weights, classWeights);
                var value = WithRegularization(model, loss.Compute(prediction, batch.Labels!, weights));
                lossSum += value.item<float>() * (double)batch.Count;
                seen += batch.Count;
                foreach (var m in metrics) m.Update(prediction, batch.Labels!, weights);
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        var result = new Dictionary<string, double> { [MetricKeys.Loss] = seen > 0 ? lossSum / seen : double.NaN };
        foreach (var m in metrics) result[m.Name] = m.Result;
        return result;
    }

    /// <summary>Model outputs for all rows of <paramref name="data"/>, concatenated on the CPU; the caller owns the result.</summary>
    internal static Tensor Predict(nn.Module<Tensor, Tensor> model, TensorDataset data, Device device, int batchSize, string paramName)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var batches = new BatchIterator(data, batchSize, device);
            if (batches.BatchCount == 0)
                throw new ArgumentException("Prediction needs at least one row of features.", paramName);
            var parts = new List<Tensor>(batches.BatchCount);
            for (int b = 0; b < batches.BatchCount; b++)
            {
                using var batchScope = NewDisposeScope();
                parts.Add(ModelInputs.Forward(model, batches.GetBatch(b).Inputs).cpu().MoveToOuterDisposeScope());
            }
            return (parts.Count == 1 ? parts[0].clone() : cat(parts, 0)).MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary><paramref name="loss"/> plus the model's regularization penalty when it has one.</summary>
    internal static Tensor WithRegularization(nn.Module<Tensor, Tensor> model, Tensor loss)
        => model is IRegularizedModule regularized && regularized.RegularizationLoss() is { } penalty ? loss + penalty : loss;
}
