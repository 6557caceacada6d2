using TorchSharp;

namespace DeepLearning.Torch.Data.Augmentation;

/// <summary>Mirrors each image left-right (last axis) with a given probability, independently per sample.</summary>
public sealed class RandomHorizontalFlip : BatchAugmentation
{
    /// <summary>Creates the flip.</summary>
    /// <param name="seed">Seed of the random choices.</param>
    /// <param name="probability">Probability that a sample is flipped; default 0.5.</param>
    public RandomHorizontalFlip(long seed, double probability = 0.5) : base(seed) =>
        Probability = CheckProbability(probability, nameof(probability));

    /// <summary>Probability that a sample is flipped.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    protected override torch.Tensor Augment(torch.Tensor batch)
    {
        var flip = Bernoulli(batch.shape[0], Probability, batch.device).view(-1, 1, 1, 1);
        return torch.where(flip, batch.flip(-1), batch);
    }
}
