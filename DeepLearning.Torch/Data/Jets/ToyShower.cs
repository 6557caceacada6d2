namespace DeepLearning.Torch.Data.Jets;

/// <summary>
/// The toy parton shower and hadronisation of <see cref="ToyJetGenerator"/>: angular-ordered 1 -> 2 splittings in the
/// small-angle, boost-invariant approximation (a daughter with momentum fraction z at distance θ in (η, φ); the pair's
/// pT-weighted direction is kept), emission density (2 C αs(kT) / π) dθ/θ dz/z with the quark splitting function's
/// finite-z factor, C = 4/3 for quarks and 3 for gluons, a one-loop running αs and a cut kT = z pT θ &gt; KtCut. Sampled
/// with the veto algorithm. Each final parton becomes a few hadrons spread by a hadronisation kT.
/// </summary>
internal sealed class ToyShower(Random random)
{
    private const double KtCut = 1.0;            // GeV: softest resolvable emission
    private const double AlphaMax = 0.5;         // overestimate of αs for the veto algorithm (αs at KtCut, capped)
    private const double MinAngle = 0.005;       // below this the shower stops (hadronisation takes over)
    private const double LambdaQcd = 0.2;        // GeV
    private const double B0 = (33 - 2 * 5) / (12 * Math.PI);
    private const double HadronKt = 0.35;        // GeV: transverse momentum of hadrons relative to their parton

    /// <summary>Showers a parton with emissions at angles below <paramref name="maxAngle"/> and appends the hadrons.</summary>
    public void Shower(ToyParticle parton, double maxAngle, List<ToyParticle> hadrons)
    {
        double theta = maxAngle;
        while (true)
        {
            double colour = parton.Gluon ? 3.0 : 4.0 / 3.0;
            double zLow = KtCut / (parton.Pt * maxAngle);
            if (zLow >= 0.5) break;
            double logZ = Math.Log(0.5 / zLow);
            double rate = 2 * colour * AlphaMax / Math.PI * logZ;   // trial emissions per unit ln(1/θ)
            theta *= Math.Exp(Math.Log(1 - random.NextDouble()) / rate);
            if (theta < MinAngle) break;
            double z = zLow * Math.Exp(logZ * random.NextDouble());
            double kt = z * parton.Pt * theta;
            if (kt < KtCut) continue;
            double accept = AlphaS(kt) / AlphaMax * (parton.Gluon ? 1.0 : (1 + (1 - z) * (1 - z)) / 2);
            if (random.NextDouble() >= accept) continue;
            double azimuth = 2 * Math.PI * random.NextDouble();
            double dEta = theta * Math.Cos(azimuth), dPhi = theta * Math.Sin(azimuth);
            var emitted = new ToyParticle(z * parton.Pt, parton.Eta + (1 - z) * dEta, parton.Phi + (1 - z) * dPhi, Gluon: true);
            parton = parton with { Pt = (1 - z) * parton.Pt, Eta = parton.Eta - z * dEta, Phi = parton.Phi - z * dPhi };
            Shower(emitted, theta, hadrons);
        }
        Hadronise(parton, hadrons);
    }

    private static double AlphaS(double kt) => Math.Min(AlphaMax, 1 / (B0 * Math.Log(kt * kt / (LambdaQcd * LambdaQcd))));

    /// <summary>1 + Poisson(ln(1 + pT / 2 GeV)) hadrons sharing the parton's pT, each displaced by HadronKt / pT.</summary>
    private void Hadronise(ToyParticle parton, List<ToyParticle> hadrons)
    {
        int n = 1 + Poisson(Math.Log(1 + parton.Pt / 2));
        Span<double> fractions = stackalloc double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) sum += fractions[i] = -Math.Log(1 - random.NextDouble());
        for (int i = 0; i < n; i++)
        {
            double pt = parton.Pt * fractions[i] / sum;
            double spread = Math.Min(0.1, HadronKt / Math.Max(pt, 1e-3));
            hadrons.Add(new ToyParticle(pt, parton.Eta + spread * Gaussian(), parton.Phi + spread * Gaussian()));
        }
    }

    /// <summary>A Poisson variate (Knuth's product method; fine for the small means used here).</summary>
    public int Poisson(double mean)
    {
        double limit = Math.Exp(-mean), product = random.NextDouble();
        int k = 0;
        while (product > limit) { k++; product *= random.NextDouble(); }
        return k;
    }

    /// <summary>A standard normal variate (Box-Muller).</summary>
    public double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
