using DeepLearning.Torch.Data.Jets;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data.Jets;

public class JetImageBuilderTests
{
    /// <summary>Massless four-vectors (E, px, py, pz) from (pT, eta, phi) triples; missing entries are zero padding.</summary>
    private static torch.Tensor Jets(params (double Pt, double Eta, double Phi)[][] jets)
    {
        int m = jets.Max(j => j.Length) + 2;
        var data = new double[jets.Length * m * 4];
        for (int i = 0; i < jets.Length; i++)
            for (int k = 0; k < jets[i].Length; k++)
            {
                var (pt, eta, phi) = jets[i][k];
                int o = (i * m + k) * 4;
                data[o] = pt * Math.Cosh(eta);
                data[o + 1] = pt * Math.Cos(phi);
                data[o + 2] = pt * Math.Sin(phi);
                data[o + 3] = pt * Math.Sinh(eta);
            }
        return torch.tensor(data, [jets.Length, m, 4]);
    }

    [Fact]
    public void Build_SingleConstituent_LandsAtCentrePixelWithUnitSum()
    {
        using var jets = Jets([(50, 0.7, 2.5)], [(20, -1.3, -3.0)]);
        using var images = new JetImageBuilder().Build(jets);
        Assert.Equal(new long[] { 2, 1, 40, 40 }, images.shape);
        Assert.Equal(torch.ScalarType.Float32, images.dtype);
        Assert.Equal(1f, images[0, 0, 20, 20].item<float>());
        Assert.Equal(1f, images[1, 0, 20, 20].item<float>());
        Assert.True(images.sum([1, 2, 3]).allclose(torch.ones(2)));
    }

    [Fact]
    public void Coordinates_TwoProngsAcrossPhiWrap_RotatedOntoPhiAxisHardProngUp()
    {
        // Hard prong at phi = 3.1, soft prong 0.3 further in eta and phi (past +pi, so stored near -2.88).
        using var jets = Jets([(100, 0.2, 3.1), (50, 0.5, 3.4 - 2 * Math.PI)]);
        var builder = new JetImageBuilder();
        using var c = builder.Coordinates(jets);
        double d = Math.Sqrt(0.3 * 0.3 * 2);
        Assert.Equal(0, c.Eta[0, 0].item<double>(), 1e-9);
        Assert.Equal(0, c.Eta[0, 1].item<double>(), 1e-9);
        Assert.Equal(d / 3, c.Phi[0, 0].item<double>(), 1e-9);
        Assert.Equal(-2 * d / 3, c.Phi[0, 1].item<double>(), 1e-9);
        Assert.False(c.Mask[0, 2].item<bool>());

        using var image = builder.Build(jets);
        int row(double phi) => (int)Math.Floor((phi + 1.0) / 0.05);
        using var column = image[0, 0].sum(0L, false);
        Assert.Equal(1f, column.max().item<float>(), 1e-6f);
        Assert.Equal(2f / 3, image[0, 0, row(d / 3)].sum().item<float>(), 1e-6f);
        Assert.Equal(1f / 3, image[0, 0, row(-2 * d / 3)].sum().item<float>(), 1e-6f);
    }

    [Fact]
    public void Build_RandomJetsSeveralChannels_EachChannelSumsToOne()
    {
        var random = new Random(1);
        var jets = Enumerable.Range(0, 30).Select(_ =>
            Enumerable.Range(0, random.Next(1, 25)).Select(_ => (random.NextDouble() * 100 + 1, random.NextDouble() * 0.8 - 0.4 + 1.5, random.NextDouble() * 0.8 - 0.4 - 2.0)).ToArray()).ToArray();
        using var constituents = Jets(jets);
        var builder = new JetImageBuilder(new JetImageOptions { Channels = [JetImageChannel.Pt, JetImageChannel.Energy, JetImageChannel.Count], Pixels = 33 });
        using var images = builder.Build(constituents);
        Assert.Equal(new long[] { 30, 3, 33, 33 }, images.shape);
        Assert.True(images.sum([2, 3]).allclose(torch.ones(30, 3), rtol: 1e-5, atol: 1e-5));
        using var c = builder.Coordinates(constituents);
        var w = c.Pt * c.Mask;
        Assert.True((w * c.Eta.gt(0)).sum(1).ge((w * c.Eta.lt(0)).sum(1)).all().item<bool>());
        Assert.True((w * c.Phi.gt(0)).sum(1).ge((w * c.Phi.lt(0)).sum(1)).all().item<bool>());
    }

    [Fact]
    public void Build_NoRotationNoFlip_KeepsOrientation()
    {
        using var jets = Jets([(100, 0, 0), (100, 0.42, 0)]);
        var builder = new JetImageBuilder(new JetImageOptions { Rotate = false, Flip = false, Normalize = false });
        using var image = builder.Build(jets);
        Assert.Equal(100f, image[0, 0, 20, 15].item<float>(), 1e-4f);
        Assert.Equal(100f, image[0, 0, 20, 24].item<float>(), 1e-4f);
    }

    [Fact]
    public void Build_WrongShape_ThrowsNamingShape()
    {
        var e = Assert.Throws<ArgumentException>(() => new JetImageBuilder().Build(torch.zeros(3, 5, 3)));
        Assert.Contains("(N, M, 4)", e.Message);
        Assert.Contains("[3, 5, 3]", e.Message);
    }

    [Fact]
    public void Options_Invalid_Throw()
    {
        Assert.Equal("Pixels", Assert.Throws<ArgumentOutOfRangeException>(() => new JetImageBuilder(new JetImageOptions { Pixels = 0 })).ParamName);
        Assert.Equal("HalfWidth", Assert.Throws<ArgumentOutOfRangeException>(() => new JetImageBuilder(new JetImageOptions { HalfWidth = double.NaN })).ParamName);
        Assert.Equal("Channels", Assert.Throws<ArgumentOutOfRangeException>(() => new JetImageBuilder(new JetImageOptions { Channels = [] })).ParamName);
    }
}
