using DeepLearning.Torch.Data;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Data;

/// <summary>Datasets with one label tensor per model output: ordered or keyed, through subsets and batches.</summary>
public sealed class TensorDatasetMultiLabelTests
{
    [Fact]
    public void SubsetAndBatches_KeyedLabels_KeepNamesAndTheSameRowsOfEveryLabelTensor()
    {
        using var x = arange(10).to_type(ScalarType.Float32).unsqueeze(1);
        using var mass = x * 10;
        using var tag = x.remainder(2);
        using var data = new TensorDataset([x], new Dictionary<string, Tensor> { ["mass"] = mass, ["tag"] = tag });
        Assert.Equal(["mass", "tag"], data.LabelNames!);
        Assert.Same(mass, data.Labels);
        using var subset = data.Subset([7, 2, 5]);
        Assert.Equal(["mass", "tag"], subset.LabelNames!);
        Assert.Equal(new[] { 70f, 20f, 50f }, subset.LabelTensors[0].data<float>().ToArray());
        Assert.Equal(new[] { 1f, 0f, 1f }, subset.LabelTensors[1].data<float>().ToArray());
        using var generator = new Generator(3);
        using var batches = new BatchIterator(data, 4, CPU, generator);
        batches.BeginEpoch();
        using var batch = batches.GetBatch(1);
        Assert.Equal(2, batch.LabelTensors.Count);
        Assert.Same(batch.Labels, batch.LabelTensors[0]);
        Assert.Equal(batch.Features.mul(10).data<float>().ToArray(), batch.LabelTensors[0].data<float>().ToArray());
        Assert.Equal(batch.Features.remainder(2).data<float>().ToArray(), batch.LabelTensors[1].data<float>().ToArray());
    }

    [Fact]
    public void Constructor_LabelTensorWithOtherRowCountOrNone_ThrowsNamingIt()
    {
        using var x = zeros(10, 2);
        using var good = zeros(10, 1);
        using var bad = zeros(9, 1);
        var ordered = Assert.Throws<ArgumentException>(() => new TensorDataset([x], [good, bad]));
        Assert.Equal("Label tensor 1 must have 10 rows like the features; got shape [9, 1]. (Parameter 'labels')", ordered.Message);
        var keyed = Assert.Throws<ArgumentException>(() => new TensorDataset([x], new Dictionary<string, Tensor> { ["mass"] = good, ["tag"] = bad }));
        Assert.Equal("Label tensor 'tag' must have 10 rows like the features; got shape [9, 1]. (Parameter 'labels')", keyed.Message);
        var none = Assert.Throws<ArgumentException>(() => new TensorDataset([x], Array.Empty<Tensor>()));
        Assert.Equal("Give at least one label tensor (one per model output); got none. (Parameter 'labels')", none.Message);
    }
}
