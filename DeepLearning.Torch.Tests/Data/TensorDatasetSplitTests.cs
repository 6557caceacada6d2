using DeepLearning.Torch.Data;
using Microsoft.Extensions.Logging;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Data;

public class TensorDatasetSplitTests
{
    private static TensorDataset SortedByClass(int signal, int background, out Tensor x, out Tensor y)
    {
        int n = signal + background;
        x = arange(n, dtype: ScalarType.Float32).reshape(n, 1);
        y = cat([ones(signal), zeros(background)]);
        return new TensorDataset(x, y);
    }

    [Fact]
    public void Split_SortedByClass_KeepsClassBalanceInEveryPart()
    {
        using var data = SortedByClass(300, 700, out var x, out var y);
        using (x) using (y)
        using (var split = DatasetSplit.Split(data, 0.2, 0.1, seed: 3))
        {
            Assert.True(split.Stratified);
            Assert.Equal(200, split.Validation.Count);
            Assert.Equal(100, split.Test.Count);
            Assert.Equal(700, split.Train.Count);
            Assert.Equal(60, split.Validation.Labels!.sum().item<float>());
            Assert.Equal(30, split.Test.Labels!.sum().item<float>());
            Assert.Equal(210, split.Train.Labels!.sum().item<float>());
            var all = split.TrainIndices.Concat(split.ValidationIndices).Concat(split.TestIndices).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), all);
        }
    }

    [Fact]
    public void Split_SameSeed_SameIndices_OtherSeed_Differs()
    {
        using var data = SortedByClass(50, 50, out var x, out var y);
        using (x) using (y)
        using (var a = DatasetSplit.Split(data, 0.3, seed: 7))
        using (var b = DatasetSplit.Split(data, 0.3, seed: 7))
        using (var c = DatasetSplit.Split(data, 0.3, seed: 8))
        {
            Assert.Equal(a.ValidationIndices, b.ValidationIndices);
            Assert.NotEqual(a.ValidationIndices, c.ValidationIndices);
        }
    }

    [Fact]
    public void Indices_MatchSplitWithoutCopying()
    {
        using var data = SortedByClass(30, 70, out var x, out var y);
        using (x) using (y)
        using (var split = DatasetSplit.Split(data, 0.2, 0.1, seed: 4))
        {
            var indices = DatasetSplit.Indices(data, 0.2, 0.1, seed: 4);
            Assert.Equal(split.TrainIndices, indices.Train);
            Assert.Equal(split.ValidationIndices, indices.Validation);
            Assert.Equal(split.TestIndices, indices.Test);
            Assert.True(indices.Stratified);
        }
    }

    [Fact]
    public void Split_OneHotLabels_StratifiesByArgMax()
    {
        using var x = zeros(40, 2);
        using var labels = cat([zeros(10, dtype: ScalarType.Int64), ones(30, dtype: ScalarType.Int64)]);
        using var y = nn.functional.one_hot(labels, 2).to_type(ScalarType.Float32);
        using var data = new TensorDataset(x, y);
        using var split = DatasetSplit.Split(data, 0.5, seed: 1);
        Assert.Equal(5, split.Validation.Labels!.select(1, 0).sum().item<float>());
        Assert.Equal(15, split.Validation.Labels!.select(1, 1).sum().item<float>());
    }

    [Fact]
    public void Split_RegressionLabels_FallsBackToRandom()
    {
        using var x = zeros(10, 1);
        using var y = linspace(0, 1, 10);
        using var data = new TensorDataset(x, y);
        using var split = DatasetSplit.Split(data, 0.3, seed: 1);
        Assert.False(split.Stratified);
        Assert.Equal(3, split.Validation.Count);
    }

    [Fact]
    public void Split_RareClassMissing_LogsWarning()
    {
        using var x = zeros(21, 1);
        using var y = cat([zeros(20), ones(1)]);
        using var data = new TensorDataset(x, y);
        var logger = new ListLogger();
        using var split = DatasetSplit.Split(data, 0.2, seed: 1, logger: logger);
        Assert.Contains(logger.Messages, m => m.Level == LogLevel.Warning && m.Text.Contains("Class 1 is missing from the validation split"));
    }

    [Theory]
    [InlineData(-0.1, 0, "validationFraction")]
    [InlineData(1.0, 0, "validationFraction")]
    [InlineData(0.5, 0.5, "testFraction")]
    public void Split_BadFractions_Throw(double validation, double test, string param)
    {
        using var x = zeros(10, 1);
        using var data = new TensorDataset(x);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplit.Split(data, validation, test));
        Assert.Equal(param, e.ParamName);
    }
}

/// <summary>Collects log messages for assertions.</summary>
internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, string Text)> Messages { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Messages.Add((logLevel, formatter(state, exception)));
}
