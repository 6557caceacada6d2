using DeepLearning.Torch.Evaluation;
using Xunit;

namespace DeepLearning.Torch.Tests.Evaluation;

public class ConfusionMatrixTextTests
{
    [Fact]
    public void ToText_Counts_AlignedTableWithClassNames()
    {
        var truth = Enumerable.Repeat(0, 53).Concat(Enumerable.Repeat(1, 47)).ToArray();
        var predicted = truth.Select((t, i) => t == 0 ? (i < 3 ? 1 : 0) : (i < 57 ? 0 : 1)).ToArray();
        var cm = ConfusionMatrix.Compute(truth, predicted, 2, classNames: ["background", "signal"]);
        Assert.Equal(
            "true \\ predicted  background  signal\n" +
            "      background          50       3\n" +
            "          signal           4      43\n",
            cm.ToText());
    }

    [Fact]
    public void ToText_NormalisedAndWeighted_PrintsDecimals()
    {
        var cm = ConfusionMatrix.Compute([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0], 3, weights: [1, 1, 1, 1, 1, 0.5]);
        Assert.Equal(
            "true \\ predicted     0     1     2\n" +
            "               0  1.00  1.00  0.00\n" +
            "               1  0.00  1.00  0.00\n" +
            "               2  0.50  0.00  2.00\n",
            cm.ToText());
        Assert.Equal(
            "true \\ predicted      0      1      2\n" +
            "               0  0.500  0.500  0.000\n" +
            "               1  0.000  1.000  0.000\n" +
            "               2  0.200  0.000  0.800\n",
            cm.ToText(ConfusionNormalization.True, digits: 3));
    }
}
