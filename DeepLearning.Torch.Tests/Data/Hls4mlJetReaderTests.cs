using DeepLearning.Torch.Data;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data;

public class Hls4mlJetReaderTests
{
    private static readonly string[] Names = ["jetImage_toy_100p_0_300.h5", "jetImage_toy_100p_300_600.h5"];

    [Fact]
    public void Read_TwoFiles_MatchH5pyReference()
    {
        using var jets = Hls4mlJetReader.Read(Names.Select(n => TestData.Shared("hls4ml-format", n)));
        Assert.Equal(600, jets.Count);
        Assert.Equal(new long[] { 600, 1, 100, 100 }, jets.Images!.shape);
        Assert.Equal(new long[] { 600, 100, 16 }, jets.Constituents!.shape);
        long offset = 0;
        foreach (string name in Names)
        {
            var r = TestData.Reference("hls4ml").GetProperty(name);
            long n = r.GetProperty("count").GetInt64();
            Assert.Equal(r.GetProperty("feature_names").EnumerateArray().Select(v => v.GetString()), jets.FeatureNames);
            Assert.Equal(r.GetProperty("particle_feature_names").EnumerateArray().Select(v => v.GetString()), jets.ParticleFeatureNames);
            Assert.Equal(TestData.Longs(r.GetProperty("first_labels")), jets.Labels.narrow(0, offset, 10).data<long>().ToArray());
            Assert.Equal(TestData.Longs(r.GetProperty("class_counts")), jets.Labels.narrow(0, offset, n).bincount(null, 5).data<long>().ToArray());
            foreach (var p in r.GetProperty("image_values").EnumerateArray())
            {
                var v = p.EnumerateArray().ToArray();
                Assert.Equal(v[3].GetSingle(), jets.Images[offset + v[0].GetInt64(), 0, v[1].GetInt64(), v[2].GetInt64()].item<float>());
            }
            foreach (var p in r.GetProperty("constituent_values").EnumerateArray())
            {
                var v = p.EnumerateArray().ToArray();
                Assert.Equal(v[3].GetSingle(), jets.Constituents[offset + v[0].GetInt64(), v[1].GetInt64(), v[2].GetInt64()].item<float>());
            }
            foreach (var p in r.GetProperty("feature_values").EnumerateArray())
            {
                var v = p.EnumerateArray().ToArray();
                Assert.Equal(v[2].GetSingle(), jets.Features[offset + v[0].GetInt64(), v[1].GetInt64()].item<float>());
            }
            double sum = jets.Images[offset].to_type(torch.ScalarType.Float64).sum().item<double>();
            Assert.Equal(r.GetProperty("image_sum_jet0").GetDouble(), sum, 1e-5 * Math.Max(1, Math.Abs(sum)));
            offset += n;
        }
        Assert.Equal(53, jets.Features.shape[1]);
        Assert.Equal(["g", "q", "W", "Z", "t"], Hls4mlJets.ClassNames);
    }

    [Fact]
    public void Read_WithoutImages_OnlyFeaturesAndLabels()
    {
        using var jets = Hls4mlJetReader.Read([TestData.Shared("hls4ml-format", Names[0])], includeImages: false, includeConstituents: false);
        Assert.Null(jets.Images);
        Assert.Null(jets.Constituents);
        Assert.Equal(new long[] { 300, 53 }, jets.Features.shape);
    }

    [Fact]
    public void Read_TwoClassesInOneRow_ThrowsNamingRow()
    {
        string path = TestData.Fixture("hls4ml_bad_onehot.h5");
        var e = Assert.Throws<DataFormatException>(() => Hls4mlJetReader.Read([path]));
        Assert.Contains("row 2 has labels j_g..j_t", e.Message);
        Assert.Contains("expected exactly one of them to be 1", e.Message);
        Assert.Equal("jets", e.DatasetPath);
    }

    [Fact]
    public void Read_WrongLayout_ThrowsNamingMissingDataset()
    {
        string path = TestData.Shared("toptagging-format", "val.h5");
        var e = Assert.Throws<DataFormatException>(() => Hls4mlJetReader.Read([path]));
        Assert.Equal("jetFeatureNames", e.DatasetPath);
        Assert.Contains("no such dataset", e.Message);
    }

    [Fact]
    public void Read_NoFiles_ThrowsArgumentException()
    {
        var e = Assert.Throws<ArgumentException>(() => Hls4mlJetReader.Read([]));
        Assert.Equal("files", e.ParamName);
    }
}
