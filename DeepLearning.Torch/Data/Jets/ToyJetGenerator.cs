namespace DeepLearning.Torch.Data.Jets;

/// <summary>
/// A TOY jet generator for tests, examples and smoke runs, not a physics simulation: each jet is made of
/// hard prongs (1 for QCD/g/q, 2 for W/Z, 3 for top) whose opening angle follows ΔR ≈ 2m/pT, and each prong
/// is a spray of massless constituents with exponentially distributed momentum fractions and a Gaussian
/// spread in (eta, phi). The substructure is clearly different between kinds, so a classifier learns
/// them quickly; performance on toy jets says nothing about real data. Deterministic: the same seed gives the
/// same jets (System.Random with a seed).
/// </summary>
public sealed class ToyJetGenerator
{
    private readonly Random _random;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The seed; the same seed gives the same sequence of jets.</param>
    public ToyJetGenerator(int seed) => _random = new Random(seed);

    /// <summary>Jet transverse momentum range in GeV (uniform).</summary>
    public (double Min, double Max) PtRange { get; init; } = (550, 650);

    /// <summary>
    /// Generates one jet as (E, px, py, pz) rows in GeV, sorted by decreasing pT and zero padded to
    /// <paramref name="maxConstituents"/> rows (constituents beyond that are dropped, the softest first).
    /// </summary>
    /// <param name="kind">Kind of jet.</param>
    /// <param name="maxConstituents">Rows of the result (≥ 1).</param>
    /// <returns>A <paramref name="maxConstituents"/> x 4 array, row-major.</returns>
    public float[] Generate(ToyJetKind kind, int maxConstituents)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConstituents);
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown jet kind.");
        double pt = PtRange.Min + _random.NextDouble() * (PtRange.Max - PtRange.Min);
        double eta = Uniform(-2, 2), phi = Uniform(-Math.PI, Math.PI);
        var prongs = Prongs(kind, pt, eta, phi);
        var parts = new List<(double Pt, double Eta, double Phi)>();
        foreach (var (prongPt, prongEta, prongPhi, count, width) in prongs)
        {
            var fractions = Enumerable.Range(0, count).Select(_ => -Math.Log(1 - _random.NextDouble())).ToArray();
            double sum = fractions.Sum();
            foreach (double f in fractions)
                parts.Add((prongPt * f / sum, prongEta + width * Gaussian(), prongPhi + width * Gaussian()));
        }
        var result = new float[maxConstituents * 4];
        int row = 0;
        foreach (var (cpt, ceta, cphi) in parts.OrderByDescending(p => p.Pt).Take(maxConstituents))
        {
            result[row * 4] = (float)(cpt * Math.Cosh(ceta));
            result[row * 4 + 1] = (float)(cpt * Math.Cos(cphi));
            result[row * 4 + 2] = (float)(cpt * Math.Sin(cphi));
            result[row * 4 + 3] = (float)(cpt * Math.Sinh(ceta));
            row++;
        }
        return result;
    }

    private List<(double Pt, double Eta, double Phi, int Count, double Width)> Prongs(ToyJetKind kind, double pt, double eta, double phi)
    {
        switch (kind)
        {
            case ToyJetKind.Gluon:
                return [(pt, eta, phi, Count(45), 0.12)];
            case ToyJetKind.Quark:
                return [(pt, eta, phi, Count(22), 0.06)];
            case ToyJetKind.Qcd:
                return _random.NextDouble() < 0.5 ? [(pt, eta, phi, Count(45), 0.12)] : [(pt, eta, phi, Count(22), 0.06)];
            case ToyJetKind.W or ToyJetKind.Z:
                {
                    double mass = kind == ToyJetKind.W ? 80.4 : 91.2;
                    var (a, b) = Split(pt, eta, phi, mass);
                    return [(a.Pt, a.Eta, a.Phi, Count(15), 0.03), (b.Pt, b.Eta, b.Phi, Count(15), 0.03)];
                }
            default:
                {
                    var (bQuark, w) = Split(pt, eta, phi, 172.5);
                    var (q1, q2) = Split(w.Pt, w.Eta, w.Phi, 80.4);
                    return [(bQuark.Pt, bQuark.Eta, bQuark.Phi, Count(15), 0.03), (q1.Pt, q1.Eta, q1.Phi, Count(12), 0.03), (q2.Pt, q2.Eta, q2.Phi, Count(12), 0.03)];
                }
        }
    }

    /// <summary>Splits a parent of given pT and mass into two daughters with momentum fractions z, 1 - z and ΔR = m / (pT sqrt(z (1 - z))).</summary>
    private ((double Pt, double Eta, double Phi), (double Pt, double Eta, double Phi)) Split(double pt, double eta, double phi, double mass)
    {
        double z = Uniform(0.25, 0.75);
        double dr = Math.Min(mass / (pt * Math.Sqrt(z * (1 - z))), 0.7);
        double angle = Uniform(0, 2 * Math.PI);
        double dEta = dr * Math.Cos(angle), dPhi = dr * Math.Sin(angle);
        // Daughters sit on opposite sides of the parent axis so that the pT-weighted centroid stays on it.
        return ((z * pt, eta + (1 - z) * dEta, phi + (1 - z) * dPhi), ((1 - z) * pt, eta - z * dEta, phi - z * dPhi));
    }

    private int Count(int mean) => Math.Max(2, (int)Math.Round(mean + Math.Sqrt(mean) * Gaussian()));

    private double Uniform(double min, double max) => min + (max - min) * _random.NextDouble();

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
