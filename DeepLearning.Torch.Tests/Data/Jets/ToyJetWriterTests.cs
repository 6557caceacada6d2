using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Jets;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data.Jets;

public class ToyJetWriterTests
{
    private static torch.Tensor JetMass(torch.Tensor constituents)
    {
        var s = constituents.to_type(torch.ScalarType.Float64).sum(1);
        return (s[.., 0].square() - s[.., 1..].square().sum(1)).clamp_min(0).sqrt();
    }

    [Fact]
    public void WriteTopTagging_ReadBack_DeterministicLayoutAndSubstructure()
    {
        using var temp = new TestData.TempFolder();
        string a = temp.File("a.h5"), b = temp.File("b.h5"), c = temp.File("c.h5");
        ToyJetWriter.WriteTopTagging(a, 120, seed: 5);
        ToyJetWriter.WriteTopTagging(b, 120, seed: 5);
        ToyJetWriter.WriteTopTagging(c, 120, seed: 6);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));

        using var jets = TopTaggingReader.Read(a);
        using var other = TopTaggingReader.Read(c);
        Assert.Equal(new long[] { 120, 200, 4 }, jets.Constituents.shape);
        Assert.False(jets.Constituents.allclose(other.Constituents));
        long signal = jets.Labels.sum().item<long>();
        Assert.InRange(signal, 30, 90);

        var v = jets.Constituents;
        var pt = (v[.., .., 1].square() + v[.., .., 2].square()).sqrt();
        Assert.True(pt[.., ..^1].ge(pt[.., 1..]).all().item<bool>(), "constituents are pT-ordered");
        var p = (pt.square() + v[.., .., 3].square()).sqrt();
        Assert.True((v[.., .., 0] - p).abs().le(1e-3 * (p + 1)).all().item<bool>(), "constituents are massless");

        using var mass = JetMass(v);
        var top = jets.Labels.eq(1);
        double topMass = mass.masked_select(top).mean().item<double>();
        double qcdMass = mass.masked_select(top.logical_not()).mean().item<double>();
        Assert.InRange(topMass, 150, 230);
        Assert.True(topMass > qcdMass + 40, $"top {topMass:F1} vs QCD {qcdMass:F1} GeV");

        using var images = new JetImageBuilder().Build(v);
        Assert.True(images.sum([1, 2, 3]).allclose(torch.ones(120), rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void WriteHls4ml_ReadBack_FiveClassesConsistentFeatures()
    {
        using var temp = new TestData.TempFolder();
        string path = temp.File("toy_hls4ml.h5");
        ToyJetWriter.WriteHls4ml(path, 60, seed: 3);
        using var jets = Hls4mlJetReader.Read([path, path]);
        Assert.Equal(120, jets.Count);
        Assert.Equal(new long[] { 120, 1, 100, 100 }, jets.Images!.shape);
        Assert.Equal(new long[] { 120, 100, 16 }, jets.Constituents!.shape);
        Assert.Equal(53, jets.FeatureNames.Count);
        Assert.Equal(ToyJetWriter.Hls4mlParticleFeatureNames, jets.ParticleFeatureNames);
        using var counts = jets.Labels[..60].bincount(null, 5);
        Assert.All(counts.data<long>().ToArray(), k => Assert.True(k > 0));

        int ptColumn = jets.FeatureNames.ToList().IndexOf("j_pt");
        int ptCol = ToyJetWriter.Hls4mlParticleFeatureNames.ToList().IndexOf("j1_pt");
        using var scalarPt = jets.Constituents[.., .., ptCol].sum(1);
        using var imageSum = jets.Images.sum([1, 2, 3]);
        Assert.True(imageSum.le(scalarPt * 1.0001).all().item<bool>());
        Assert.True(imageSum.ge(scalarPt * 0.95).all().item<bool>());
        Assert.True(jets.Features[.., ptColumn].gt(250).all().item<bool>());   // 500 GeV and up, less escaping neutrinos and out-of-cone radiation

        int massColumn = jets.FeatureNames.ToList().IndexOf("j_mass");
        var mass = jets.Features[.., massColumn];
        double MeanMass(long label) => mass.masked_select(jets.Labels.eq(label)).mean().item<float>();
        Assert.True(MeanMass(4) > MeanMass(2) + 50, "top jets are heavier than W jets");
        Assert.True(MeanMass(1) < MeanMass(2), "quark jets are lighter than W jets");
    }

    [Fact]
    public void Generate_ManyJets_TopMassNotPerfectlySeparating()
    {
        // The toy is meant to be hard: QCD jets acquire mass in the shower, so the jet mass alone is far from a perfect tagger.
        var generator = new ToyJetGenerator(11);
        var labels = new int[4000];
        var mass = new double[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = i % 2;
            float[] v = generator.Generate(labels[i] == 1 ? ToyJetKind.Top : ToyJetKind.Qcd, 200);
            double e = 0, px = 0, py = 0, pz = 0;
            for (int k = 0; k < 200; k++) { e += v[4 * k]; px += v[4 * k + 1]; py += v[4 * k + 2]; pz += v[4 * k + 3]; }
            mass[i] = Math.Sqrt(Math.Max(0, e * e - px * px - py * py - pz * pz));
        }
        double auc = DeepLearning.Torch.Evaluation.RocCurve.Compute(labels, mass).Auc();
        Assert.InRange(auc, 0.8, 0.95);
        var again = new ToyJetGenerator(11).Generate(ToyJetKind.Qcd, 200);
        Assert.Equal(new ToyJetGenerator(11).Generate(ToyJetKind.Qcd, 200), again);
    }

    [Fact]
    public void WriteTopTagging_NoJets_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ToyJetWriter.WriteTopTagging("/tmp/never.h5", 0, 1));
        Assert.Equal("jets", e.ParamName);
    }
}
