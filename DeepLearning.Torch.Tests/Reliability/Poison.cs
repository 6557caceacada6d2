namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>What <see cref="Poisoned"/> does to one training forward pass.</summary>
public enum Poison
{
    NaNLoss,
    InfiniteLoss,
    ExplodingGradient,
}
