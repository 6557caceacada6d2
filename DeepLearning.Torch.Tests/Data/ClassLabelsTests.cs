using DeepLearning.Torch.Data;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Data;

public class ClassLabelsTests
{
    private static readonly long[] Expected = [0, 2, 1, 1, 0];

    public static TheoryData<string> Kinds => ["int64", "int32", "uint8", "float32", "float64", "column", "onehot", "onehot_bool", "soft"];

    private static Tensor Labels(string kind) => kind switch
    {
        "int64" => tensor(Expected),
        "int32" => tensor(Expected.Select(v => (int)v).ToArray()),
        "uint8" => tensor(Expected.Select(v => (byte)v).ToArray()),
        "float32" => tensor(Expected.Select(v => (float)v).ToArray()),
        "float64" => tensor(Expected.Select(v => (double)v).ToArray()),
        "column" => tensor(Expected.Select(v => (float)v).ToArray()).reshape(-1, 1),
        "onehot" => nn.functional.one_hot(tensor(Expected), 3).to_type(ScalarType.Float32),
        "onehot_bool" => nn.functional.one_hot(tensor(Expected), 3).to_type(ScalarType.Bool),
        "soft" => nn.functional.one_hot(tensor(Expected), 3).to_type(ScalarType.Float32) * 0.8f + 0.2f / 3,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ToIndices_EachDtypeAndShape_GivesTheClassIndices(string kind)
    {
        using var scope = NewDisposeScope();
        var indices = ClassLabels.ToIndices(Labels(kind), 3);
        Assert.Equal(ScalarType.Int64, indices.dtype);
        Assert.Equal(Expected, indices.data<long>().ToArray());
        Assert.Equal(Expected.Select(v => (int)v).ToArray(), ClassLabels.ToArray(Labels(kind), 3));
    }

    [Fact]
    public void ToIndices_BoolLabels_FalseIsZeroTrueIsOne()
    {
        using var labels = tensor(new[] { true, false, true });
        Assert.Equal([1, 0, 1], ClassLabels.ToArray(labels, 2));
    }

    [Fact]
    public void ToIndices_FractionalLabel_RefusedNamingArgumentValueAndIndex()
    {
        using var labels = tensor(new[] { 0f, 1f, 0.3f, 1f });
        var e = Assert.Throws<ArgumentException>(() => ClassLabels.ToIndices(labels, 2, "target", "Accuracy"));
        Assert.Equal("target", e.ParamName);
        Assert.Equal(
            "Accuracy: Expected class labels in [0, 2) (integer, bool or whole-number float values [N] or [N, 1], or one-hot rows); " +
            "got 0.30000001192092896 at index 2 (1 of 4 labels invalid, Float32 tensor of shape [4]). (Parameter 'target')", e.Message);
    }

    [Fact]
    public void ToIndices_NegativeNaNAndTooLarge_Refused()
    {
        using var negative = tensor(new long[] { 0, -1, 1 });
        using var nan = tensor(new[] { 0.0, double.NaN, 1.0 });
        using var tooLarge = tensor(new long[] { 0, 1, 2, 5 });
        var e = Assert.Throws<ArgumentException>(() => ClassLabels.ToIndices(negative));
        Assert.Contains("Expected class labels >= 0 (", e.Message, StringComparison.Ordinal);
        Assert.Contains("got -1 at index 1 (1 of 3 labels invalid, Int64 tensor of shape [3])", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => ClassLabels.ToIndices(nan, 2));
        Assert.Contains("got NaN at index 1", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => ClassLabels.ToIndices(tooLarge, 2));
        Assert.Contains("Expected class labels in [0, 2) (", e.Message, StringComparison.Ordinal);
        Assert.Contains("got 2 at index 2 (2 of 4 labels invalid", e.Message, StringComparison.Ordinal);
        Assert.Equal("labels", e.ParamName);
    }

    [Fact]
    public void ToIndices_WrongShapesAndNonFiniteRows_Refused()
    {
        using var cube = zeros(2, 3, 4);
        using var narrow = zeros(4, 2);
        using var nanRow = tensor(new[] { 1f, 0f, float.NaN, 0f }).reshape(2, 2);
        var e = Assert.Throws<ArgumentException>(() => ClassLabels.ToIndices(cube));
        Assert.Equal("Expected class labels [N], [N, 1] or one-hot rows [N, C]; got a Float32 tensor of shape [2, 3, 4]. (Parameter 'labels')", e.Message);
        e = Assert.Throws<ArgumentException>(() => ClassLabels.ToIndices(narrow, 3));
        Assert.Contains("one-hot rows [N, 3]; got a Float32 tensor of shape [4, 2].", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => ClassLabels.ToIndices(nanRow, 2));
        Assert.Contains("got NaN in row 1 (1 of 2 rows invalid, Float32 tensor of shape [2, 2])", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Array_SameRulesAndWordingAsTensors()
    {
        var e = Assert.Throws<ArgumentException>(() => ClassLabels.Check([0, 1, 2, 1], 2, "labels"));
        using var same = tensor(new[] { 0, 1, 2, 1 });
        var t = Assert.Throws<ArgumentException>(() => ClassLabels.ToIndices(same, 2));
        const string common = "Expected class labels in [0, 2) (integer, bool or whole-number float values [N] or [N, 1], or one-hot rows); got 2 at index 2 (1 of 4 labels invalid, ";
        Assert.StartsWith(common + "int array of length 4).", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(common + "Int32 tensor of shape [4]).", t.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryToArray_RegressionTargets_Null()
    {
        using var regression = linspace(0, 1, 10);
        using var classes = tensor(new[] { 1f, 0f, 1f });
        Assert.Null(ClassLabels.TryToArray(regression));
        Assert.Equal([1L, 0L, 1L], ClassLabels.TryToArray(classes)!);
    }

    [Fact]
    public void ToIndices_LabelsLeftUntouched()
    {
        using var labels = tensor(new[] { 1.0, 0.0 });
        using var indices = ClassLabels.ToIndices(labels, 2);
        Assert.Equal(ScalarType.Float64, labels.dtype);
        Assert.Equal([1.0, 0.0], labels.data<double>().ToArray());
    }

    [Fact]
    public void TryToArray_SignedLabels_SplitNotStratified()
    {
        using var x = zeros(20, 1);
        using var signed = cat([full(10, -1f), ones(10)]); // -1/+1 is not a class labelling: classes are 0..C-1
        using var boolLabels = cat([zeros(10, dtype: ScalarType.Bool), ones(10, dtype: ScalarType.Bool)]);
        using var signedData = new TensorDataset(x, signed);
        using var boolData = new TensorDataset(x, boolLabels);
        Assert.False(DatasetSplit.Indices(signedData, 0.5, seed: 1).Stratified);
        Assert.True(DatasetSplit.Indices(boolData, 0.5, seed: 1).Stratified);
    }
}
