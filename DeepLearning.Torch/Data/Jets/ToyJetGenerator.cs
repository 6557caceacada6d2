namespace DeepLearning.Torch.Data.Jets;

/// <summary>
/// A TOY jet generator for tests, examples and model comparisons, not a physics simulation. It imitates, crudely, what
/// makes top tagging hard on the reference dataset:
/// <list type="bullet">
/// <item>Hard process: a jet pT from a falling spectrum dN/dpT ∝ pT^-<see cref="PtSpectrumIndex"/> in
/// <see cref="PtRange"/>, at a random (η, φ). QCD jets start from one quark or gluon; W and Z bosons decay to two
/// quarks, top quarks to b + W(→ qq'), with Breit-Wigner masses and isotropic decays in the rest frame, so the momentum
/// fractions are spread and prongs often merge (prong distance ≈ 2m/pT, small for the boosted tops of the spectrum's
/// tail). As in the reference dataset's truth matching, every decay parton lies within the jet radius (decays are
/// redrawn until it does).</item>
/// <item>A parton shower (see the internal ToyShower): angular-ordered, soft/collinear-enhanced 1 → 2 splittings with
/// a running coupling and colour factors 4/3 (quark) and 3 (gluon), so QCD jets acquire mass through collinear
/// splittings and gluon jets are broader and busier than quark jets; decay products radiate within their opening
/// angle. Each final parton becomes a few hadrons.</item>
/// <item>Soft radiation from the underlying event, and a detector: tracks for charged hadrons, calorimeter towers
/// (0.1 x 0.1) with a stochastic energy resolution and a jet-to-jet response for neutral ones, neutrinos from
/// semileptonic b decays escaping, thresholds, and a jet of radius 0.8.</item>
/// </list>
/// Constituents are massless. Performance on toy jets says nothing about real data. Deterministic: the same seed gives
/// the same jets (System.Random with a seed); about 10 µs to 100 µs per jet.
/// </summary>
public sealed class ToyJetGenerator
{
    private const double TopMass = 172.5, TopWidth = 1.4, WMass = 80.4, WWidth = 2.1, ZMass = 91.2, ZWidth = 2.5, BMass = 4.8;
    private const int MaxAttempts = 1000;   // decays redrawn until contained; always contained above pT ≈ 2m/R
    private readonly Random _random;
    private readonly ToyShower _shower;
    private readonly ToyDetector _detector;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The seed; the same seed gives the same sequence of jets.</param>
    public ToyJetGenerator(int seed)
    {
        _random = new Random(seed);
        _shower = new ToyShower(_random);
        _detector = new ToyDetector(_random, _shower);
    }

    /// <summary>Range of the jet's (parton-level) transverse momentum in GeV.</summary>
    /// <value>Default (500, 1500). 0 &lt; Min ≤ Max.</value>
    public (double Min, double Max) PtRange { get; init; } = (500, 1500);

    /// <summary>Index n of the falling pT spectrum dN/dpT ∝ pT^-n within <see cref="PtRange"/>; 0 is uniform.</summary>
    /// <value>Default 3 (half of the jets below about 670 GeV for the default range). At least 0.</value>
    public double PtSpectrumIndex { get; init; } = 3;

    /// <summary>
    /// Generates one jet as (E, px, py, pz) rows in GeV, sorted by decreasing pT and zero padded to
    /// <paramref name="maxConstituents"/> rows (constituents beyond that are dropped, the softest first).
    /// </summary>
    /// <param name="kind">Kind of jet.</param>
    /// <param name="maxConstituents">Rows of the result (≥ 1).</param>
    /// <returns>A <paramref name="maxConstituents"/> x 4 array, row-major.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument or <see cref="PtRange"/>/<see cref="PtSpectrumIndex"/> is out of range.</exception>
    public float[] Generate(ToyJetKind kind, int maxConstituents)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConstituents);
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown jet kind.");
        if (!(PtRange.Min > 0) || !(PtRange.Max >= PtRange.Min) || !double.IsFinite(PtRange.Max))
            throw new ArgumentOutOfRangeException(nameof(PtRange), PtRange, "Expected 0 < Min <= Max, finite.");
        if (!(PtSpectrumIndex >= 0) || !double.IsFinite(PtSpectrumIndex))
            throw new ArgumentOutOfRangeException(nameof(PtSpectrumIndex), PtSpectrumIndex, "Expected a finite index >= 0.");
        double pt = SamplePt();
        double eta = Uniform(-2, 2), phi = Uniform(-Math.PI, Math.PI);
        var hadrons = new List<ToyParticle>(128);
        foreach (var (parton, maxAngle) in HardPartons(kind, new ToyParticle(pt, eta, phi)))
            _shower.Shower(parton, maxAngle, hadrons);
        _detector.AddUnderlyingEvent(eta, phi, hadrons);
        var objects = _detector.Reconstruct(hadrons, eta, phi);

        var result = new float[maxConstituents * 4];
        int row = 0;
        foreach (var o in objects.OrderByDescending(p => p.Pt).Take(maxConstituents))
        {
            result[row * 4] = (float)(o.Pt * Math.Cosh(o.Eta));
            result[row * 4 + 1] = (float)(o.Pt * Math.Cos(o.Phi));
            result[row * 4 + 2] = (float)(o.Pt * Math.Sin(o.Phi));
            result[row * 4 + 3] = (float)(o.Pt * Math.Sinh(o.Eta));
            row++;
        }
        return result;
    }

    /// <summary>The partons that start the shower, each with the largest angle it may radiate at.</summary>
    private List<(ToyParticle Parton, double MaxAngle)> HardPartons(ToyJetKind kind, ToyParticle jet)
    {
        switch (kind)
        {
            case ToyJetKind.Gluon or ToyJetKind.Quark or ToyJetKind.Qcd:
                bool gluon = kind == ToyJetKind.Gluon || (kind == ToyJetKind.Qcd && _random.NextDouble() < 0.5);
                return [(jet with { Gluon = gluon }, ToyDetector.Radius)];
            case ToyJetKind.W or ToyJetKind.Z:
                {
                    double mass = kind == ToyJetKind.W ? BreitWigner(WMass, WWidth) : BreitWigner(ZMass, ZWidth);
                    for (int attempt = 0; ; attempt++)
                    {
                        var (q1, q2, angle) = Decay(jet, mass, 0, 0);
                        if (attempt < MaxAttempts && !Contained(jet, q1, q2)) continue;
                        return [(q1, angle), (q2, angle)];
                    }
                }
            default:
                {
                    double topMass = BreitWigner(TopMass, TopWidth), wMass = BreitWigner(WMass, WWidth);
                    for (int attempt = 0; ; attempt++)
                    {
                        var (b, w, bwAngle) = Decay(jet, topMass, BMass, wMass);
                        var (q1, q2, qqAngle) = Decay(w, wMass, 0, 0);
                        if (attempt < MaxAttempts && !Contained(jet, b, q1, q2)) continue;
                        if (_random.NextDouble() < 0.2) b = b with { Pt = b.Pt * Uniform(0.4, 0.9) };   // semileptonic b: a neutrino escapes
                        return [(b, bwAngle), (q1, qqAngle), (q2, qqAngle)];
                    }
                }
        }
    }

    /// <summary>Whether every decay parton lies within the jet radius of the jet axis (the reference dataset's truth matching).</summary>
    private static bool Contained(ToyParticle jet, params ReadOnlySpan<ToyParticle> partons)
    {
        foreach (var p in partons)
            if (p.DeltaR(jet.Eta, jet.Phi) >= ToyDetector.Radius) return false;
        return true;
    }

    /// <summary>
    /// Two-body decay of a parent of mass <paramref name="mass"/>, isotropic in its rest frame, in the collinear limit:
    /// daughter 1 takes the fraction z = (E* + p* cos θ*) / m of the parent's momentum and the pair's distance follows
    /// from m² = m1²/z + m2²/(1 - z) + z(1 - z) pT² ΔR². The pT-weighted direction stays on the parent's.
    /// </summary>
    private (ToyParticle First, ToyParticle Second, double Angle) Decay(ToyParticle parent, double mass, double m1, double m2)
    {
        double e1 = (mass * mass + m1 * m1 - m2 * m2) / (2 * mass);
        double p = Math.Sqrt(Math.Max(0, e1 * e1 - m1 * m1));
        double z = Math.Clamp((e1 + p * Uniform(-1, 1)) / mass, 1e-3, 1 - 1e-3);
        double dr2 = (mass * mass - m1 * m1 / z - m2 * m2 / (1 - z)) / (z * (1 - z) * parent.Pt * parent.Pt);
        double dr = Math.Sqrt(Math.Max(dr2, 0));
        double azimuth = Uniform(0, 2 * Math.PI);
        double dEta = dr * Math.Cos(azimuth), dPhi = dr * Math.Sin(azimuth);
        var first = new ToyParticle(z * parent.Pt, parent.Eta + (1 - z) * dEta, parent.Phi + (1 - z) * dPhi);
        var second = new ToyParticle((1 - z) * parent.Pt, parent.Eta - z * dEta, parent.Phi - z * dPhi);
        return (first, second, dr);
    }

    /// <summary>A pT from dN/dpT ∝ pT^-n on [Min, Max] by inverting the cumulative distribution.</summary>
    private double SamplePt()
    {
        var (lo, hi) = PtRange;
        double u = _random.NextDouble(), n = PtSpectrumIndex;
        if (lo == hi) return lo;
        if (Math.Abs(n - 1) < 1e-12) return lo * Math.Pow(hi / lo, u);
        double a = Math.Pow(lo, 1 - n), b = Math.Pow(hi, 1 - n);
        return Math.Pow(a + u * (b - a), 1 / (1 - n));
    }

    /// <summary>A Breit-Wigner mass, truncated to ±10 widths.</summary>
    private double BreitWigner(double mass, double width)
    {
        double x = Math.Tan(Math.PI * (_random.NextDouble() - 0.5)) * width / 2;
        return mass + Math.Clamp(x, -10 * width, 10 * width);
    }

    private double Uniform(double min, double max) => min + (max - min) * _random.NextDouble();
}
