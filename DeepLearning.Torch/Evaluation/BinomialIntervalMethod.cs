namespace DeepLearning.Torch.Evaluation;

/// <summary>Binomial confidence-interval construction for efficiencies.</summary>
public enum BinomialIntervalMethod
{
    /// <summary>Clopper-Pearson ("exact", from beta quantiles); conservative.</summary>
    ClopperPearson,

    /// <summary>Wilson score interval; close to nominal coverage.</summary>
    Wilson,
}
