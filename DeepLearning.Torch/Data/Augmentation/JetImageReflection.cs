using TorchSharp;

namespace DeepLearning.Torch.Data.Augmentation;

/// <summary>
/// The reflection symmetries of centred jet images: eta -> -eta (mirror of the last axis, W) and
/// phi -> -phi (mirror of the H axis), each applied independently per sample with a given probability.
/// Images are (N, C, H, W) with phi along H and eta along W, as <c>JetImageBuilder</c> produces.
/// </summary>
public sealed class JetImageReflection : BatchAugmentation
{
    /// <summary>Creates the reflections.</summary>
    /// <param name="seed">Seed of the random choices.</param>
    /// <param name="probability">Probability of each reflection per sample; default 0.5.</param>
    /// <param name="reflectEta">Whether to reflect in eta (last axis); default true.</param>
    /// <param name="reflectPhi">Whether to reflect in phi (H axis); default true.</param>
    public JetImageReflection(long seed, double probability = 0.5, bool reflectEta = true, bool reflectPhi = true) : base(seed)
    {
        Probability = CheckProbability(probability, nameof(probability));
        ReflectEta = reflectEta;
        ReflectPhi = reflectPhi;
    }

    /// <summary>Probability of each reflection per sample.</summary>
    public double Probability { get; }

    /// <summary>Whether eta -> -eta is applied.</summary>
    public bool ReflectEta { get; }

    /// <summary>Whether phi -> -phi is applied.</summary>
    public bool ReflectPhi { get; }

    /// <inheritdoc />
    protected override torch.Tensor Augment(torch.Tensor batch)
    {
        long n = batch.shape[0];
        var result = batch;
        // Both masks are always drawn so that the random stream does not depend on the switches.
        var eta = Bernoulli(n, Probability, batch.device).view(-1, 1, 1, 1);
        var phi = Bernoulli(n, Probability, batch.device).view(-1, 1, 1, 1);
        if (ReflectEta) result = torch.where(eta, result.flip(-1), result);
        if (ReflectPhi) result = torch.where(phi, result.flip(-2), result);
        return ReferenceEquals(result, batch) ? batch.clone() : result;
    }
}
