using DeepLearning.Torch.Data;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>Evaluation and prediction in batches, gradients off, model in eval mode.</summary>
internal static class BatchEvaluation
{
    /// <summary>
    /// The logs of <see cref="TrainingStep.Validate"/> (loss with regularization, as in training) and the metrics over
    /// <paramref name="data"/> (in memory, only its rows when given; or a stream, in its order of epoch 1), keys without prefix.
    /// </summary>
    internal static Dictionary<string, double> Evaluate(TrainingStep step, StepContext context, OutputHeads heads, DataPart data,
        int[]? labelOrder, Device device, int batchSize)
    {
        var model = context.Model;
        bool wasTraining = model.training;
        model.eval();
        foreach (var m in heads.Metrics) m.Reset();
        using var logs = new LogAccumulator(heads);
        context.IsTraining = false;
        var deferred = heads.Metrics.Select(m => m.DeferValueChecks).ToArray();
        foreach (var m in heads.Metrics) m.DeferValueChecks = true;   // read back once, at the end
        try
        {
            using var noGrad = no_grad();
            using var batches = data.Batches(1, batchSize, device).GetEnumerator();
            var garbage = new NativeGarbage();
            while (true)
            {
                using (NewDisposeScope())
                {
                    if (!batches.MoveNext()) break;
                    var batch = InOutputOrder(batches.Current, labelOrder);
                    context.CurrentBatch = batch;
                    logs.Add(step.Validate(context, batch), batch.Count);
                }
                garbage.AfterBatch();
            }
            return logs.Values();
        }
        finally
        {
            context.CurrentBatch = null;
            model.train(wasTraining);
            foreach (var (m, d) in heads.Metrics.Zip(deferred)) m.DeferValueChecks = d;
        }
    }

    /// <summary>Every output of the model for all rows of <paramref name="data"/>, concatenated on the CPU; the caller owns the results.</summary>
    internal static Tensor[] Predict(nn.Module<Tensor, Tensor> model, IBatchSource data, Device device, int batchSize, string paramName)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            if (data.Count == 0)
                throw new ArgumentException("Prediction needs at least one row of features.", paramName);
            using var batches = data.Batches(1, batchSize, device).GetEnumerator();
            var parts = new List<Tensor[]>();
            var garbage = new NativeGarbage();
            while (true)
            {
                using (NewDisposeScope())
                {
                    if (!batches.MoveNext()) break;
                    parts.Add(ModelInputs.ForwardAll(model, batches.Current.Inputs).Select(p => p.cpu().MoveToOuterDisposeScope()).ToArray());
                }
                garbage.AfterBatch();
            }
            return Enumerable.Range(0, parts[0].Length)
                .Select(o => (parts.Count == 1 ? parts[0][o].clone() : cat(parts.Select(p => p[o]).ToArray(), 0)).MoveToOuterDisposeScope())
                .ToArray();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>The batch with its label tensors put in output order (<paramref name="labelOrder"/>[k] is the tensor of output k).</summary>
    internal static Batch InOutputOrder(Batch batch, int[]? labelOrder)
    {
        if (labelOrder is null || labelOrder.Select((l, i) => l == i).All(same => same)) return batch;
        var ordered = labelOrder.Select(i => batch.LabelTensors[i]).ToArray();
        return batch with { Labels = ordered[0], LabelTensors = ordered };
    }

    /// <summary><paramref name="loss"/> plus the model's regularization penalty when it has one.</summary>
    internal static Tensor WithRegularization(nn.Module<Tensor, Tensor> model, Tensor loss)
        => model is IRegularizedModule regularized && regularized.RegularizationLoss() is { } penalty ? loss + penalty : loss;
}
