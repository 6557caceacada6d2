namespace DeepLearning.Torch.Data.Jets;

/// <summary>A massless toy particle or parton in collider coordinates; <see cref="Gluon"/> sets its colour factor in the shower.</summary>
internal readonly record struct ToyParticle(double Pt, double Eta, double Phi, bool Gluon = false)
{
    /// <summary>Distance in (eta, phi) to another direction, phi difference wrapped.</summary>
    public double DeltaR(double eta, double phi)
    {
        double dPhi = Math.IEEERemainder(Phi - phi, 2 * Math.PI);
        return Math.Sqrt((Eta - eta) * (Eta - eta) + dPhi * dPhi);
    }
}
