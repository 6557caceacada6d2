using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>The training code reads labels through <see cref="ClassLabels"/>: one set of rules and one wording everywhere.</summary>
public class ClassLabelRulesTests
{
    private const string Rules = "(integer, bool or whole-number float values [N] or [N, 1], or one-hot rows)";

    [Fact]
    public void CategoricalCrossEntropy_FloatIndexTargets_EqualIntegerTargets()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 2f, 0.5f, -1f, 0f, 1f, 3f }).reshape(2, 3);
        var loss = Losses.CategoricalCrossEntropy(fromLogits: true);
        var fromInt = loss.Compute(logits, tensor(new long[] { 0, 2 })).item<float>();
        var fromFloat = loss.Compute(logits, tensor(new[] { 0f, 2f })).item<float>();
        Assert.Equal(fromInt, fromFloat);
        var e = Assert.Throws<ArgumentException>(() => loss.Compute(logits, tensor(new[] { 0f, 1.5f })));
        Assert.Equal("target", e.ParamName);
        Assert.Contains($"Expected class labels in [0, 3) {Rules}; got 1.5 at index 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accuracy_NonClassTargets_RefusedWithTheSameWording()
    {
        using var scope = NewDisposeScope();
        var accuracy = new Accuracy();
        accuracy.Update(tensor(new[] { 0.9f, 0.2f, 0.7f }), tensor(new[] { true, false, false }), null);
        Assert.Equal(2 / 3.0, accuracy.Result, 12);
        var e = Assert.Throws<ArgumentException>(() => accuracy.Update(tensor(new[] { 0.9f, 0.2f }), tensor(new[] { 1f, 0.3f }), null));
        Assert.Equal("target", e.ParamName);
        Assert.Contains($"Accuracy: Expected class labels in [0, 2) {Rules}; got 0.30000001192092896 at index 1", e.Message, StringComparison.Ordinal);
        var multi = Assert.Throws<ArgumentException>(() => accuracy.Update(zeros(2, 3), tensor(new long[] { 0, 3 }), null));
        Assert.Contains($"Accuracy: Expected class labels in [0, 3) {Rules}; got 3 at index 1", multi.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleWeights_LabelOutsideClassWeights_RefusedNamingTheOption()
    {
        using var scope = NewDisposeScope();
        var classWeights = tensor(new[] { 1.0, 2.0 });
        var combined = SampleWeights.Combine(tensor(new[] { 1f, 0f, 1f }).reshape(-1, 1), null, classWeights)!;
        Assert.Equal([2.0, 1.0, 2.0], combined.data<double>().ToArray());
        var e = Assert.Throws<ArgumentException>(() => SampleWeights.Combine(tensor(new long[] { 0, 2 }), null, classWeights));
        Assert.Contains($"TrainerOptions.ClassWeights has 2 entries: Expected class labels in [0, 2) {Rules}; got 2 at index 1", e.Message, StringComparison.Ordinal);
    }
}
