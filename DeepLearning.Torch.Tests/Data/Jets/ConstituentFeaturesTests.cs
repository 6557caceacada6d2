using System.Text.Json;
using DeepLearning.Torch.Data.Jets;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data.Jets;

public class ConstituentFeaturesTests
{
    private static JsonElement Reference()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Fixture(Path.Combine("Jets", "constituent_features.json"))));
        return doc.RootElement.Clone();
    }

    private static double[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? e.EnumerateArray().SelectMany(Flat).ToArray()
        : [e.ValueKind switch { JsonValueKind.True => 1, JsonValueKind.False => 0, _ => e.GetDouble() }];

    /// <summary>Massless four-vectors (E, px, py, pz) from (pT, eta, phi) triples, float32, with two padding rows.</summary>
    private static torch.Tensor Jet(params (double Pt, double Eta, double Phi)[] parts)
    {
        var data = new float[(parts.Length + 2) * 4];
        for (int k = 0; k < parts.Length; k++)
        {
            var (pt, eta, phi) = parts[k];
            data[4 * k] = (float)(pt * Math.Cosh(eta));
            data[4 * k + 1] = (float)(pt * Math.Cos(phi));
            data[4 * k + 2] = (float)(pt * Math.Sin(phi));
            data[4 * k + 3] = (float)(pt * Math.Sinh(eta));
        }
        return torch.tensor(data, [1, parts.Length + 2, 4]);
    }

    [Fact]
    public void Compute_ReferenceJets_EqualsPyTorch()
    {
        var reference = Reference();
        using var constituents = torch.tensor(Flat(reference.GetProperty("constituents")), [6, 9, 4]).to_type(torch.ScalarType.Float32);
        using var expected = torch.tensor(Flat(reference.GetProperty("features")), [6, 9, 7]);
        using var expectedMask = torch.tensor(Flat(reference.GetProperty("mask")), [6, 9]).gt(0.5);
        var transform = new ConstituentFeatures();
        var (features, mask) = transform.Compute(constituents);
        using (features)
        using (mask)
        {
            Assert.Equal(reference.GetProperty("names").EnumerateArray().Select(n => n.GetString()!), transform.FeatureNames);
            Assert.Equal(new long[] { 6, 9, 7 }, features.shape);
            Assert.Equal(torch.ScalarType.Float32, features.dtype);
            Assert.Equal(torch.ScalarType.Bool, mask.dtype);
            Assert.True(mask.eq(expectedMask).all().item<bool>());
            using var difference = (features.to_type(torch.ScalarType.Float64) - expected).abs().max();
            Assert.True(difference.item<double>() < 1e-5, $"largest difference {difference.item<double>():G3}");
        }
    }

    [Fact]
    public void Compute_AllPaddedJet_GivesZerosAndFalseMask()
    {
        using var constituents = torch.zeros(2, 5, 4);
        constituents[1, 0] = torch.tensor(new float[] { 10, 6, 8, 0 });
        var (features, mask) = new ConstituentFeatures().Compute(constituents);
        using (features)
        using (mask)
        {
            Assert.True(torch.isfinite(features).all().item<bool>());
            Assert.Equal(0, features[0].abs().sum().item<float>());
            Assert.False(mask[0].any().item<bool>());
            Assert.Equal(0, features[1, 1..].abs().sum().item<float>());
            Assert.Equal(new[] { true, false, false, false, false }, mask[1].data<bool>().ToArray());
            // A single constituent is the jet: no distance, fractions log 1 = 0, log pT = log 10.
            Assert.Equal(new[] { 0f, 0f, (float)Math.Log(10), (float)Math.Log(10), 0f, 0f, 0f }, features[1, 0].data<float>().ToArray());
        }
    }

    [Fact]
    public void Compute_JetAcrossPhiWrap_SmallDeltaPhiOfBothSigns()
    {
        // Equal pT at phi = pi - 0.1 and -pi + 0.1 (0.2 apart across the boundary): the jet axis is at phi = pi, and
        // at eta asinh(sinh(0.3) / cos(0.1)) since the pair's pT is 2 pT cos(0.1).
        double dEta = 0.3 - Math.Asinh(Math.Sinh(0.3) / Math.Cos(0.1));
        using var constituents = Jet((50, 0.3, Math.PI - 0.1), (50, 0.3, -Math.PI + 0.1));
        var transform = new ConstituentFeatures(new ConstituentFeaturesOptions { Features = [ConstituentFeature.DeltaPhi, ConstituentFeature.DeltaR, ConstituentFeature.DeltaEta] });
        var (features, mask) = transform.Compute(constituents);
        using (features)
        using (mask)
        {
            Assert.Equal(["delta_phi", "delta_r", "delta_eta"], transform.FeatureNames);
            Assert.Equal(-0.1, features[0, 0, 0].item<float>(), 1e-5);
            Assert.Equal(0.1, features[0, 1, 0].item<float>(), 1e-5);
            Assert.Equal(Math.Sqrt(0.01 + dEta * dEta), features[0, 0, 1].item<float>(), 1e-5);
            Assert.Equal(dEta, features[0, 0, 2].item<float>(), 1e-5);
            Assert.True(dEta < -1e-3, "the jet axis is not the constituents' eta");
        }
    }

    [Fact]
    public void Compute_NotFourVectors_ThrowsNamingTheShape()
    {
        using var wrong = torch.zeros(3, 5, 3);
        var e = Assert.Throws<ArgumentException>(() => new ConstituentFeatures().Compute(wrong));
        Assert.Equal("constituents", e.ParamName);
        Assert.Contains("[3, 5, 3]", e.Message);
    }

    [Fact]
    public void Compute_RealConstituentWithoutEnergy_Throws()
    {
        using var constituents = torch.tensor(new float[] { 0, 3, 4, 0 }, [1, 1, 4]);
        var e = Assert.Throws<ArgumentException>(() => new ConstituentFeatures().Compute(constituents));
        Assert.Contains("E > 0", e.Message);
    }

    [Fact]
    public void Options_RepeatedFeature_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ConstituentFeatures(new ConstituentFeaturesOptions { Features = [ConstituentFeature.LogPt, ConstituentFeature.LogPt] }));
        Assert.Equal("Features", e.ParamName);
    }
}
