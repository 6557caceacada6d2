using DeepLearning.Torch.Training.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training.Metrics;

public class EmptyBatchTests
{
    [Fact]
    public void Update_EmptyBatchThenData_SameAsDataAlone()
    {
        using var emptyScores = zeros(0, 1);
        using var emptyTargets = zeros(0);
        using var emptyClasses = zeros(0, 4);
        using var scores = tensor(new[] { 0.9f, 0.2f, 0.7f, 0.4f });
        using var targets = tensor(new[] { 1f, 0f, 0f, 1f });
        using var classScores = tensor(new[,] { { 0.1f, 0.5f, 0.2f, 0.2f }, { 0.7f, 0.1f, 0.1f, 0.1f } });
        using var classes = tensor(new long[] { 1, 2 });
        Func<Metric>[] binary = [() => new Precision(), () => new Recall(), () => new Auc()];
        foreach (var create in binary)
        {
            var metric = create();
            metric.Update(emptyScores, emptyTargets, null);
            Assert.True(double.IsNaN(metric.Result), metric.Name);
            metric.Update(scores, targets, null);
            double alone = MetricCases.Whole(create(), scores, targets, null);
            Assert.False(double.IsNaN(alone));
            Assert.Equal(alone, metric.Result);
        }
        var topK = new TopKAccuracy(2);
        topK.Update(emptyClasses, emptyTargets, null);
        Assert.True(double.IsNaN(topK.Result));
        topK.Update(classScores, classes, null);
        Assert.Equal(0.5, topK.Result);
    }
}
