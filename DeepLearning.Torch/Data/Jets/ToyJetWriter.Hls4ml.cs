using DeepLearning.Torch.Runtime;
using PureHDF;
using TorchSharp;

namespace DeepLearning.Torch.Data.Jets;

// The HLS4ML layout of ToyJetWriter.
public static partial class ToyJetWriter
{
    /// <summary>The 59 column names of <c>jets</c> in the HLS4ML dataset (the last six are the one-hot labels).</summary>
    public static IReadOnlyList<string> Hls4mlFeatureNames { get; } =
    [
        "j_ptfrac", "j_pt", "j_eta", "j_mass", "j_tau1_b1", "j_tau1_b2", "j_tau2_b1", "j_tau2_b2", "j_tau3_b1", "j_tau3_b2",
        "j_tau1_b1_mmdt", "j_tau1_b2_mmdt", "j_tau2_b1_mmdt", "j_tau2_b2_mmdt", "j_tau3_b1_mmdt", "j_tau3_b2_mmdt",
        "j_c1_b1", "j_c1_b2", "j_c2_b1", "j_c2_b2", "j_d2_b1", "j_d2_b2", "j_m2_b1", "j_m2_b2", "j_n2_b1", "j_n2_b2",
        "j_c1_b0", "j_d2_a1_b1", "j_d2_a1_b2", "j_mass_trim", "j_mass_prun", "j_mass_sdb2", "j_mass_sdm1", "j_m2_b0",
        "j_n2_b0", "j_c2_b0", "j_d2_b0", "j_zlogz", "j_c1_b0_mmdt", "j_c1_b1_mmdt", "j_c1_b2_mmdt", "j_c2_b1_mmdt",
        "j_c2_b2_mmdt", "j_d2_b1_mmdt", "j_d2_b2_mmdt", "j_d2_a1_b1_mmdt", "j_d2_a1_b2_mmdt", "j_m2_b1_mmdt",
        "j_m2_b2_mmdt", "j_n2_b1_mmdt", "j_n2_b2_mmdt", "j_mass_mmdt", "j_multiplicity",
        .. Hls4mlJets.LabelColumns, Hls4mlJets.UndefinedLabelColumn,
    ];

    /// <summary>The 17 names of <c>particleFeatureNames</c>; the 16 stored columns are the first 16 (no pdgid in the toy).</summary>
    public static IReadOnlyList<string> Hls4mlParticleFeatureNames { get; } =
    [
        "j1_px", "j1_py", "j1_pz", "j1_e", "j1_erel", "j1_pt", "j1_ptrel", "j1_eta", "j1_etarel", "j1_etarot",
        "j1_phi", "j1_phirel", "j1_phirot", "j1_deltaR", "j1_costheta", "j1_costhetarel", "j1_pdgid",
    ];

    private static readonly ToyJetKind[] Hls4mlKinds = [ToyJetKind.Gluon, ToyJetKind.Quark, ToyJetKind.W, ToyJetKind.Z, ToyJetKind.Top];

    /// <summary>
    /// Writes <paramref name="jets"/> toy jets of the five classes g, q, W, Z, t (seeded random classes) in the
    /// HLS4ML layout: <c>jetImage</c> (N, 100, 100) pT images, <c>jetConstituentList</c> (N, 100, 16) particle
    /// features, <c>jets</c> (N, 59) with the jet pT, eta, mass, multiplicity (the substructure columns are zero in
    /// the toy) and the one-hot labels, <c>jetFeatureNames</c> and <c>particleFeatureNames</c> as fixed-length
    /// byte strings. The calorimeter images <c>jetImageECAL</c>/<c>jetImageHCAL</c> are not written.
    /// Readable by <see cref="Hls4mlJetReader"/> and h5py.
    /// </summary>
    /// <param name="path">File to create (overwritten).</param>
    /// <param name="jets">Number of jets (≥ 1).</param>
    /// <param name="seed">Seed of the generator.</param>
    public static void WriteHls4ml(string path, int jets, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(jets);
        const int particles = 100;
        var generator = new ToyJetGenerator(seed);
        var choose = new Random(seed ^ 0x2545f491);
        var four = new float[(long)jets * particles * 4];
        var labels = new int[jets];
        for (int i = 0; i < jets; i++)
        {
            labels[i] = choose.Next(Hls4mlKinds.Length);
            Array.Copy(generator.Generate(Hls4mlKinds[labels[i]], particles), 0, four, (long)i * particles * 4, particles * 4);
        }

        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var constituents = torch.tensor(four, [jets, particles, 4]);
        var images = new JetImageBuilder(new JetImageOptions { Pixels = 100, Normalize = false }).Build(constituents);
        var (particleFeatures, jetFeatures) = Hls4mlFeatures(constituents, labels);
        var file = new H5File
        {
            ["jetImage"] = new H5Dataset(images.contiguous().data<float>().ToArray(), fileDims: [(ulong)jets, 100, 100]),
            ["jetConstituentList"] = new H5Dataset(particleFeatures.contiguous().data<float>().ToArray(), fileDims: [(ulong)jets, particles, 16]),
            ["jets"] = new H5Dataset(jetFeatures.contiguous().data<float>().ToArray(), fileDims: [(ulong)jets, (ulong)Hls4mlFeatureNames.Count]),
            ["jetFeatureNames"] = Hls4mlFeatureNames.ToArray(),
            ["particleFeatureNames"] = Hls4mlParticleFeatureNames.ToArray(),
        };
        int longest = Hls4mlFeatureNames.Concat(Hls4mlParticleFeatureNames).Max(n => n.Length);
        file.Write(path, new H5WriteOptions(DefaultStringLength: longest));
    }

    private static (torch.Tensor Particles, torch.Tensor Jets) Hls4mlFeatures(torch.Tensor constituents, int[] labels)
    {
        var k = ConstituentKinematics.Of(constituents, nameof(constituents));
        var (e, px, py, pz, pt, eta, phi, mask) = (k.Energy, k.Px, k.Py, k.Pz, k.Pt, k.Eta, k.Phi, k.Mask);
        var (jpx, jpy, jpz, je) = (px.sum(1, true), py.sum(1, true), pz.sum(1, true), e.sum(1, true));
        var jpt = (jpx.square() + jpy.square()).sqrt();
        var jeta = (jpz / jpt).asinh();
        var jphi = torch.atan2(jpy, jpx);
        var jp = (jpt.square() + jpz.square()).sqrt();
        var jmass = (je.square() - jp.square()).clamp_min(0).sqrt();
        var p = (pt.square() + pz.square()).sqrt();
        var safeP = ConstituentKinematics.NonZero(p);
        var etaRel = eta - jeta;
        var phiRel = ConstituentKinematics.Wrap(phi - jphi);
        using var rotated = new JetImageBuilder().Coordinates(constituents);
        torch.Tensor[] columns =
        [
            px, py, pz, e, e / je, pt, pt / jpt, eta, etaRel, rotated.Eta, phi, phiRel, rotated.Phi,
            (etaRel.square() + phiRel.square()).sqrt(), pz / safeP, (px * jpx + py * jpy + pz * jpz) / (safeP * jp),
        ];
        var particles = torch.stack(columns, 2) * mask.unsqueeze(2);

        int n = labels.Length;
        var jets = torch.zeros(n, Hls4mlFeatureNames.Count, torch.ScalarType.Float64);
        int Column(string name) => Hls4mlFeatureNames.ToList().IndexOf(name);
        jets[.., Column("j_ptfrac")] = torch.ones(n, torch.ScalarType.Float64);
        jets[.., Column("j_pt")] = jpt.squeeze(1);
        jets[.., Column("j_eta")] = jeta.squeeze(1);
        foreach (string m in new[] { "j_mass", "j_mass_trim", "j_mass_prun", "j_mass_sdb2", "j_mass_sdm1", "j_mass_mmdt" })
            jets[.., Column(m)] = jmass.squeeze(1);
        jets[.., Column("j_multiplicity")] = mask.sum(1).to_type(torch.ScalarType.Float64);
        var oneHot = torch.nn.functional.one_hot(torch.tensor(labels.Select(l => (long)l).ToArray()), 5).to_type(torch.ScalarType.Float64);
        jets[.., Column(Hls4mlJets.LabelColumns[0])..(Column(Hls4mlJets.LabelColumns[^1]) + 1)] = oneHot;
        return (particles.to_type(torch.ScalarType.Float32), jets.to_type(torch.ScalarType.Float32));
    }
}
