using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>A metric "score" whose validation value at epoch e is script[e - 1] (training value 0).</summary>
internal sealed class ScriptedMetric(params double[] script) : Metric
{
    private int _resets;

    public override string Name => "score";

    public override void Reset() => _resets++;

    public override void Update(Tensor prediction, Tensor target, Tensor? weights)
    {
    }

    public override double Result => _resets % 2 == 0 ? script[_resets / 2 - 1] : 0;
}

/// <summary>Records the model's weights at every epoch end (runs before EarlyStopping).</summary>
internal sealed class RecordWeights : Callback
{
    public override int Order => -10;

    public Dictionary<int, float[]> Weights { get; } = [];

    public override void OnEpochEnd(TrainingContext context) => Weights[context.Epoch] = TrainingData.Flat(context.Model);
}

/// <summary>Requests a stop at the end of the given epoch.</summary>
internal sealed class StopAt(int epoch) : Callback
{
    public override void OnEpochEnd(TrainingContext context)
    {
        if (context.Epoch == epoch) context.RequestStop(StopReason.CallbackRequest, $"test stop at {epoch}");
    }
}

/// <summary>Fills the weights with NaN before the given batch of the given epoch.</summary>
internal sealed class PoisonAt(int epoch, int batch) : Callback
{
    public override void OnBatchBegin(TrainingContext context)
    {
        if (context.Epoch != epoch || context.BatchIndex != batch) return;
        using var noGrad = no_grad();
        foreach (var p in context.Model.parameters()) p.fill_(float.NaN);
    }
}

/// <summary>Records the live tensor count at every epoch end.</summary>
internal sealed class LiveTensors : Callback
{
    public List<long> Counts { get; } = [];

    public override void OnEpochEnd(TrainingContext context) => Counts.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
}
