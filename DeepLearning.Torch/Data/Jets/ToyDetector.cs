namespace DeepLearning.Torch.Data.Jets;

/// <summary>
/// The toy detector of <see cref="ToyJetGenerator"/>, imitating particle-flow objects: two thirds of the hadrons are
/// charged (tracks: 1 % pT resolution, precise angles, pT &gt; 0.5 GeV), the rest neutral, summed into calorimeter
/// towers of <see cref="Tower"/> x <see cref="Tower"/> in (η, φ) placed at the tower centre, with a stochastic energy
/// resolution 50 %/sqrt(E) plus 5 %, a response that varies from jet to jet by 10 % and a 1 GeV threshold. Objects within <see cref="Radius"/> of the jet axis form the jet.
/// </summary>
internal sealed class ToyDetector(Random random, ToyShower shower)
{
    /// <summary>Jet radius R in (η, φ).</summary>
    public const double Radius = 0.8;

    /// <summary>Calorimeter tower size in η and φ.</summary>
    public const double Tower = 0.1;

    /// <summary>Adds the underlying event: Poisson(10) soft hadrons, pT 0.3 GeV plus an exponential of mean 1 GeV, uniform in the jet's disk.</summary>
    public void AddUnderlyingEvent(double eta, double phi, List<ToyParticle> hadrons)
    {
        int n = shower.Poisson(10);
        for (int i = 0; i < n; i++)
        {
            double r = Radius * Math.Sqrt(random.NextDouble()), a = 2 * Math.PI * random.NextDouble();
            hadrons.Add(new ToyParticle(0.3 - Math.Log(1 - random.NextDouble()), eta + r * Math.Cos(a), phi + r * Math.Sin(a)));
        }
    }

    /// <summary>The reconstructed objects within <see cref="Radius"/> of (eta, phi).</summary>
    public List<ToyParticle> Reconstruct(List<ToyParticle> hadrons, double eta, double phi)
    {
        var objects = new List<ToyParticle>(hadrons.Count);
        double response = Math.Max(0.5, 1 + 0.1 * shower.Gaussian());   // this jet's calorimeter response
        var towers = new Dictionary<(long, long), double>();
        foreach (var h in hadrons)
        {
            if (random.NextDouble() < 2.0 / 3)
            {
                double pt = h.Pt * (1 + 0.01 * shower.Gaussian());
                if (pt > 0.5) objects.Add(new ToyParticle(pt, h.Eta + 0.002 * shower.Gaussian(), h.Phi + 0.002 * shower.Gaussian()));
            }
            else
            {
                var key = ((long)Math.Floor(h.Eta / Tower), (long)Math.Floor(Math.IEEERemainder(h.Phi, 2 * Math.PI) / Tower));
                towers[key] = towers.GetValueOrDefault(key) + h.Pt * Math.Cosh(h.Eta);   // energy deposited
            }
        }
        foreach (var ((i, j), energy) in towers.OrderBy(t => t.Key))
        {
            double sigma = Math.Sqrt(0.25 / energy + 0.0025);
            double e = response * energy * (1 + sigma * shower.Gaussian());
            double towerEta = (i + 0.5) * Tower, towerPhi = (j + 0.5) * Tower;
            double pt = e / Math.Cosh(towerEta);
            if (pt > 1.0) objects.Add(new ToyParticle(pt, towerEta, towerPhi));
        }
        objects.RemoveAll(o => o.DeltaR(eta, phi) >= Radius);
        return objects;
    }
}
