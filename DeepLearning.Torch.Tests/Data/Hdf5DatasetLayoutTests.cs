using DeepLearning.Torch.Data;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Data;

/// <summary>The top-tagging and HLS4ML layouts streamed by Hdf5Dataset, compared with their whole-file readers.</summary>
public class Hdf5DatasetLayoutTests
{
    /// <summary>Every batch of epoch 1, features and labels concatenated.</summary>
    private static (Tensor Features, Tensor Labels) ReadAll(Hdf5Dataset data, int batchSize, int epoch = 1)
    {
        var xs = new List<Tensor>();
        var ys = new List<Tensor>();
        foreach (var batch in data.Batches(epoch, batchSize))
        {
            xs.Add(batch.Features);
            ys.Add(batch.Labels!);
        }
        return (cat(xs, 0), cat(ys, 0));
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.equal(b).all().item<bool>();

    [Fact]
    public void TopTagging_InFileOrder_EqualsTopTaggingReaderBitwise()
    {
        string path = TestData.Shared("toptagging-format", "train.h5");
        using var scope = NewDisposeScope();
        using var data = Hdf5Dataset.TopTagging(path, new Hdf5DatasetOptions { ChunkRows = 200, ShuffleBufferChunks = 1, Prefetch = 1, Shuffle = false });
        using var jets = TopTaggingReader.Read(path);
        Assert.Equal(jets.Count, data.Count);
        Assert.Equal(jets.Constituents.shape, data.FeatureShape.ToArray());
        Assert.True(data.MaxResidentRows < data.Count);
        var (x, y) = ReadAll(data, batchSize: 256);
        Assert.True(Same(jets.Constituents, x));
        Assert.True(Same(jets.Labels, y));
    }

    [Fact]
    public void TopTagging_Shuffled_SameJetsWithLabelsAsFloatColumn()
    {
        string path = TestData.Shared("toptagging-format", "train.h5");
        using var scope = NewDisposeScope();
        using var data = Hdf5Dataset.TopTagging(path, new Hdf5DatasetOptions { ChunkRows = 300, Seed = 4, LabelType = ScalarType.Float32, LabelsAsColumn = true });
        using var jets = TopTaggingReader.Read(path);
        var (x, y) = ReadAll(data, batchSize: 128, epoch: 2);
        Assert.Equal(new long[] { jets.Count, 1 }, y.shape);
        Assert.Equal(ScalarType.Float32, y.dtype);
        Assert.False(Same(jets.Constituents, x));   // shuffled
        // The same jets, each with its own label: sort both by the first constituent's energy and px.
        var key = x[.., 0, 0] * 1e3 + x[.., 0, 1];
        var expectedKey = jets.Constituents[.., 0, 0] * 1e3 + jets.Constituents[.., 0, 1];
        var (_, order) = key.sort();
        var (_, expectedOrder) = expectedKey.sort();
        Assert.True(Same(jets.Constituents.index_select(0, expectedOrder), x.index_select(0, order)));
        Assert.True(Same(jets.Labels.index_select(0, expectedOrder).to_type(ScalarType.Float32).unsqueeze(1), y.index_select(0, order)));
    }

    [Theory]
    [InlineData(Hls4mlInput.Features)]
    [InlineData(Hls4mlInput.Constituents)]
    [InlineData(Hls4mlInput.Images)]
    public void Hls4ml_InFileOrder_EqualsHls4mlJetReaderBitwise(Hls4mlInput input)
    {
        string path = TestData.Shared("hls4ml-format", "jetImage_toy_100p_0_300.h5");
        using var scope = NewDisposeScope();
        using var data = Hdf5Dataset.Hls4ml(path, input, new Hdf5DatasetOptions { ChunkRows = 64, ShuffleBufferChunks = 1, Prefetch = 1, Shuffle = false, FirstRow = 10, RowCount = 250 });
        using var jets = Hls4mlJetReader.Read([path]);
        var expected = input switch
        {
            Hls4mlInput.Images => jets.Images!,
            Hls4mlInput.Constituents => jets.Constituents!,
            _ => jets.Features,
        };
        Assert.Equal(250, data.Count);
        Assert.Equal([250, .. expected.shape.Skip(1)], data.FeatureShape.ToArray());
        var (x, y) = ReadAll(data, batchSize: 100);
        Assert.True(Same(expected.narrow(0, 10, 250), x));
        Assert.True(Same(jets.Labels.narrow(0, 10, 250), y));
    }

    [Fact]
    public void Hls4ml_RowRangeOutsideFile_NamesOptionAndRows()
    {
        string path = TestData.Shared("hls4ml-format", "jetImage_toy_100p_0_300.h5");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Hdf5Dataset.Hls4ml(path, Hls4mlInput.Features, new Hdf5DatasetOptions { FirstRow = 100, RowCount = 250 }));
        Assert.Contains("RowCount", e.Message);
        Assert.Contains("300 rows", e.Message);
    }

    [Fact]
    public void TopTagging_NotThatLayout_NamesTheGroup()
    {
        string path = TestData.Shared("hls4ml-format", "jetImage_toy_100p_0_300.h5");
        var e = Assert.Throws<DataFormatException>(() => Hdf5Dataset.TopTagging(path));
        Assert.Contains("table", e.Message);
    }
}
