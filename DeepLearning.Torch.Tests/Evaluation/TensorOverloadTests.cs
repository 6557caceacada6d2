using DeepLearning.Torch.Evaluation;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Evaluation;

public class TensorOverloadTests
{
    [Fact]
    public void RocCurve_FromTensors_EqualsArrayResult()
    {
        var c = EvaluationFixtures.Case("binary", 3);
        var labels = c.GetProperty("labels").Ints();
        var scores = c.GetProperty("scores").Doubles();
        var weights = c.OptionalDoubles("weights")!;
        using var scope = torch.NewDisposeScope();
        var roc = RocCurve.Compute(torch.tensor(labels.Select(l => (long)l).ToArray()), torch.tensor(scores), torch.tensor(weights));
        Assert.Equal(RocCurve.Compute(labels, scores, weights).Auc(), roc.Auc());
        Assert.Equal(c.GetProperty("auc").GetDouble(), roc.Auc(), 9);
    }

    [Fact]
    public void OneVsRestRoc_FromTensors_EqualsArrayResult()
    {
        var c = EvaluationFixtures.Case("multiclass", 0);
        var labels = c.GetProperty("labels").Ints();
        var p = c.GetProperty("probabilities").Matrix();
        using var scope = torch.NewDisposeScope();
        var flat = p.Cast<double>().ToArray();
        var ovr = OneVsRestRoc.Compute(torch.tensor(labels), torch.tensor(flat).reshape(p.GetLength(0), p.GetLength(1)));
        Assert.Equal(c.GetProperty("auc_macro").GetDouble(), ovr.MacroAuc, 9);
    }

    [Fact]
    public void RocCurve_FloatLabelsTensor_ThrowsNamingLabels()
    {
        using var scope = torch.NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => RocCurve.Compute(torch.tensor(new[] { 0.0f, 1.0f }), torch.tensor(new[] { 0.1, 0.2 })));
        Assert.Equal("labels", ex.ParamName);
        var shape = Assert.Throws<ArgumentException>(() => RocCurve.Compute(torch.tensor(new[] { 0L, 1L }), torch.zeros(2, 2)));
        Assert.Equal("scores", shape.ParamName);
        Assert.Contains("Expected a 1-D tensor, got shape [2, 2]", shape.Message, StringComparison.Ordinal);
    }
}
