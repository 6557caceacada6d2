using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Metrics;
using Xunit;

namespace DeepLearning.Torch.Tests.Training;

public class TrainerOptionsMetricsTests
{
    [Fact]
    public void Metrics_DuplicateName_Throws()
    {
        var options = new TrainerOptions { Metrics = { new Precision(0.5), new TopKAccuracy(3) } };
        var e = Assert.Throws<ArgumentException>(() => options.Metrics.Add(new Precision(0.9)));
        Assert.Equal("Metrics", e.ParamName);
        Assert.Contains("TrainerOptions.Metrics already holds a metric named 'precision' (Precision); metric names are history keys and must be unique", e.Message);
        e = Assert.Throws<ArgumentException>(() => options.Metrics.Insert(0, new TopKAccuracy(3)));
        Assert.Contains("already holds a metric named 'top_3_accuracy' (TopKAccuracy)", e.Message);
        Assert.Equal(2, options.Metrics.Count);
    }

    [Fact]
    public void Metrics_DistinctNamesOrReplacingItself_Accepted()
    {
        var options = new TrainerOptions { Metrics = { new Precision(0.5), new Precision(0.9, "precision_90"), new TopKAccuracy(1), new TopKAccuracy(5) } };
        options.Metrics[0] = new Precision(0.3);
        Assert.Equal(4, options.Metrics.Count);
        var e = Assert.Throws<ArgumentException>(() => options.Metrics[1] = new Precision(0.2));
        Assert.Contains("already holds a metric named 'precision' (Precision)", e.Message);
    }

    [Theory]
    [InlineData("loss")]
    [InlineData("lr")]
    [InlineData("skipped_batches")]
    public void Metrics_ReservedName_Throws(string name)
    {
        var options = new TrainerOptions();
        var e = Assert.Throws<ArgumentException>(() => options.Metrics.Add(new Recall(0.5, name)));
        Assert.Equal("Metrics", e.ParamName);
        Assert.Contains($"TrainerOptions.Metrics: metric Recall is named '{name}', a key the trainer records itself.", e.Message);
    }

    [Fact]
    public void Metrics_ValidationPrefix_Throws()
    {
        var options = new TrainerOptions();
        var e = Assert.Throws<ArgumentException>(() => options.Metrics.Add(new Precision(0.5, "val_precision")));
        Assert.Contains("TrainerOptions.Metrics: metric Precision is named 'val_precision'; names must not start with 'val_' (the trainer adds it to validation keys).", e.Message);
    }

    [Fact]
    public void Metrics_EmptyName_Throws()
    {
        var options = new TrainerOptions();
        var e = Assert.Throws<ArgumentException>(() => options.Metrics.Add(new Unnamed()));
        Assert.Contains("TrainerOptions.Metrics: metric Unnamed has an empty name.", e.Message);
    }

    private sealed class Unnamed : Metric
    {
        public override string Name => "";

        public override void Reset()
        {
        }

        public override void Update(TorchSharp.torch.Tensor prediction, TorchSharp.torch.Tensor target, TorchSharp.torch.Tensor? weights)
        {
        }

        public override double Result => 0;
    }
}
