using System.Text.Json;
using DeepLearning.Torch.Data;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data;

public class TopTaggingReaderTests
{
    [Theory]
    [InlineData("train.h5")]
    [InlineData("val.h5")]
    [InlineData("test.h5")]
    public void Read_SharedFile_MatchesPandasReference(string name)
    {
        var reference = TestData.Reference("toptagging").GetProperty(name);
        using var jets = TopTaggingReader.Read(TestData.Shared("toptagging-format", name));
        long n = reference.GetProperty("count").GetInt64();
        Assert.Equal(new[] { n, 200, 4 }, jets.Constituents.shape);
        Assert.Equal(torch.ScalarType.Float32, jets.Constituents.dtype);
        Assert.Equal(new[] { n }, jets.Labels.shape);
        Assert.Equal(reference.GetProperty("signal_count").GetInt64(), jets.Labels.sum().item<long>());
        Assert.Equal(TestData.Longs(reference.GetProperty("first_labels")), jets.Labels[..10].data<long>().ToArray());
        var first3 = reference.GetProperty("jet0_first3").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => (float)v.GetDouble()).ToArray();
        Assert.Equal(first3, jets.Constituents[0, ..3].contiguous().data<float>().ToArray());
        foreach (var p in reference.GetProperty("values").EnumerateArray())
        {
            var v = p.EnumerateArray().ToArray();
            Assert.Equal((float)v[3].GetDouble(), jets.Constituents[v[0].GetInt64(), v[1].GetInt64(), v[2].GetInt64()].item<float>());
        }
        double eSum = jets.Constituents[.., .., 0].to_type(torch.ScalarType.Float64).sum().item<double>();
        Assert.Equal(reference.GetProperty("e_sum").GetDouble(), eSum, 1e-6 * Math.Abs(eSum));
    }

    [Fact]
    public void Read_RowRangeAsFloat64_MatchesReference()
    {
        var reference = TestData.Reference("toptagging").GetProperty("val.h5");
        using var jets = TopTaggingReader.Read(TestData.Shared("toptagging-format", "val.h5"), torch.ScalarType.Float64, start: 100, count: 10);
        Assert.Equal(torch.ScalarType.Float64, jets.Constituents.dtype);
        Assert.Equal(TestData.Longs(reference.GetProperty("rows_100_110_labels")), jets.Labels.data<long>().ToArray());
        double[] e0 = reference.GetProperty("rows_100_110_e0").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(e0, jets.Constituents[.., 0, 0].contiguous().data<double>().ToArray());
    }

    [Fact]
    public void ReadChunks_ConcatenateToWholeFile()
    {
        string path = TestData.Shared("toptagging-format", "val.h5");
        using var whole = TopTaggingReader.Read(path);
        var chunks = TopTaggingReader.ReadChunks(path, 200).ToList();
        Assert.Equal(new long[] { 200, 200, 100 }, chunks.Select(c => c.Count).ToArray());
        using var labels = torch.cat(chunks.Select(c => c.Labels).ToArray(), 0);
        using var constituents = torch.cat(chunks.Select(c => c.Constituents).ToArray(), 0);
        Assert.True(labels.eq(whole.Labels).all().item<bool>());
        Assert.True(constituents.eq(whole.Constituents).all().item<bool>());
        chunks.ForEach(c => c.Dispose());
    }

    [Fact]
    public void Read_Float64BlocksInOtherOrder_MatchesPandas()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Fixture("topjets_small_reference.json")));
        var root = doc.RootElement;
        Assert.Equal("is_signal_new", root.GetProperty("block_order")[0][0].GetString());
        using var jets = TopTaggingReader.Read(TestData.Fixture("topjets_float64_reordered.h5"), torch.ScalarType.Float64);
        Assert.Equal(new long[] { 6, 3, 4 }, jets.Constituents.shape);
        Assert.Equal(TestData.Longs(root.GetProperty("labels")), jets.Labels.data<long>().ToArray());
        double[] expected = root.GetProperty("values").EnumerateArray().SelectMany(a => a.EnumerateArray()).SelectMany(a => a.EnumerateArray()).Select(v => v.GetDouble()).ToArray();
        Assert.Equal(expected, jets.Constituents.contiguous().data<double>().ToArray());
    }

    [Fact]
    public void Read_LabelOutOfRange_ThrowsNamingRowAndDataset()
    {
        string path = TestData.Fixture("topjets_bad_label.h5");
        var e = Assert.Throws<DataFormatException>(() => TopTaggingReader.Read(path));
        Assert.Contains("row 3 has is_signal_new = 2; expected 0 or 1", e.Message);
        Assert.Equal("table/block1_values", e.DatasetPath);
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void Read_WrongLayout_ThrowsNamingMissingGroup()
    {
        string path = TestData.Shared("hls4ml-format", "jetImage_toy_100p_0_300.h5");
        var e = Assert.Throws<DataFormatException>(() => TopTaggingReader.Read(path));
        Assert.Contains("no such group; expected a pandas DataFrame", e.Message);
        Assert.Equal("table", e.DatasetPath);
    }

    [Fact]
    public void Read_IntegerDtype_ThrowsArgumentException()
    {
        var e = Assert.Throws<ArgumentException>(() => TopTaggingReader.Read(TestData.Fixture("topjets_float64_reordered.h5"), torch.ScalarType.Int32));
        Assert.Equal("dtype", e.ParamName);
    }
}
