using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>
/// Kullback-Leibler divergence KL(target || prediction) = sum over the last dimensions of
/// <c>t * (log t - log p)</c>, with terms where t = 0 counted as 0. Predictions are probabilities
/// (clamped to [1e-7, 1]), or log-probabilities with <see cref="LogPredictions"/>.
/// </summary>
/// <param name="logPredictions">Whether predictions are log-probabilities (as PyTorch's <c>KLDivLoss</c> expects).</param>
public sealed class KLDivergence(bool logPredictions = false) : Loss
{
    /// <summary>Whether predictions are log-probabilities.</summary>
    public bool LogPredictions { get; } = logPredictions;

    /// <inheritdoc />
    public override string Name => "kl_divergence";

    internal override string Call => $"Losses.KLDivergence(logPredictions: {(LogPredictions ? "true" : "false")})";

    internal override bool ElementwiseTargets => true;

    /// <inheritdoc />
    public override Tensor PerSample(Tensor prediction, Tensor target)
    {
        var t = Align(prediction, target);
        var logP = LogPredictions ? prediction : prediction.clamp(1e-7, 1.0).log();
        var terms = where(t > 0, t * (t.clamp_min(1e-30).log() - logP), zeros_like(t));
        return SumPerSample(terms);
    }
}
