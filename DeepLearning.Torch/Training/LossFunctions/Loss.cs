using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>
/// A loss: a per-sample value reduced to the batch loss as <c>sum_i(w_i * l_i) / B</c> (Keras
/// "sum over batch size"; <c>w_i = 1</c> without weights). Per-sample weights and class weights reach the loss as <c>w</c>.
/// </summary>
public abstract class Loss
{
    /// <summary>Short name, e.g. <c>mean_squared_error</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The loss of each sample, shape [B].</summary>
    /// <param name="prediction">Model output, shape [B, ...].</param>
    /// <param name="target">Targets, shape [B, ...].</param>
    /// <returns>A tensor in the current dispose scope.</returns>
    public abstract Tensor PerSample(Tensor prediction, Tensor target);

    /// <summary>The batch loss (a scalar): mean over the batch of <c>weights * PerSample</c>.</summary>
    /// <param name="prediction">Model output, shape [B, ...].</param>
    /// <param name="target">Targets, shape [B, ...].</param>
    /// <param name="weights">Per-sample weights, shape [B], or <c>null</c>.</param>
    /// <returns>A scalar tensor in the current dispose scope.</returns>
    /// <exception cref="ArgumentException">The batch sizes of prediction, target and weights differ.</exception>
    public Tensor Compute(Tensor prediction, Tensor target, Tensor? weights = null) => Compute(prediction, target, weights, targetsChecked: false);

    /// <summary>
    /// <see cref="Compute(Tensor, Tensor, Tensor?)"/>; with <paramref name="targetsChecked"/> (the trainer checked the whole
    /// dataset's targets with <see cref="ValidateTargets"/>) the per-batch value checks that would read the device are skipped.
    /// </summary>
    internal Tensor Compute(Tensor prediction, Tensor target, Tensor? weights, bool targetsChecked)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (prediction.dim() == 0 || target.dim() == 0 || prediction.shape[0] != target.shape[0])
            throw new ArgumentException($"{Name}: prediction [{Shape(prediction)}] and target [{Shape(target)}] must have the same batch size.", nameof(target));
        if (weights is null) return Mean(prediction, target, targetsChecked);
        var perSample = PerSampleOf(prediction, target, targetsChecked);
        if (weights.dim() != 1 || weights.shape[0] != perSample.shape[0])
            throw new ArgumentException($"{Name}: weights must have shape [{perSample.shape[0]}]; got [{Shape(weights)}].", nameof(weights));
        return (perSample * weights.to_type(perSample.dtype)).mean();
    }

    /// <summary>
    /// Checks the targets of a whole dataset once per <c>Trainer.Fit</c> (before the first step, against the shape
    /// of the model's predictions; per output for a model with several), so that wrong labels fail before training with a message naming the loss, the labels and
    /// the form expected, rather than with a batch-shape error. The library's losses check shapes and values (binary
    /// cross-entropy targets in [0, 1], class indices within the outputs); the default checks nothing for a custom loss.
    /// </summary>
    /// <param name="targets">All targets of the dataset, [N, ...].</param>
    /// <param name="predictionShape">The shape of the model's predictions for those N samples, [N, ...].</param>
    /// <exception cref="ArgumentException">The targets do not fit the loss or the predictions.</exception>
    public virtual void ValidateTargets(Tensor targets, IReadOnlyList<long> predictionShape)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(predictionShape);
        if (ElementwiseTargets) TargetChecks.Elementwise(Call, targets, predictionShape, classification: false);
        if (ClassIndexTargets) TargetChecks.Classes(Call, targets, predictionShape);
    }

    /// <summary>
    /// <see cref="PerSample"/> for targets that passed <see cref="ValidateTargets"/>: the losses whose per-batch target
    /// conversion checks values (class indices) skip that check, which reads the device. Defaults to <see cref="PerSample"/>.
    /// </summary>
    internal virtual Tensor PerSampleOfCheckedTargets(Tensor prediction, Tensor target) => PerSample(prediction, target);

    /// <summary>
    /// The unweighted mean over the batch of <see cref="PerSample"/> (of <see cref="PerSampleOfCheckedTargets"/> when
    /// <paramref name="targetsChecked"/>); a loss overrides it where one native operation computes the mean directly.
    /// </summary>
    private protected virtual Tensor Mean(Tensor prediction, Tensor target, bool targetsChecked)
        => PerSampleOf(prediction, target, targetsChecked).mean();

    private Tensor PerSampleOf(Tensor prediction, Tensor target, bool targetsChecked)
        => targetsChecked ? PerSampleOfCheckedTargets(prediction, target) : PerSample(prediction, target);

    /// <summary>The loss as a user writes it, for messages, e.g. <c>Losses.MeanSquaredError()</c>.</summary>
    internal virtual string Call => GetType().Name;

    /// <summary>Whether targets must have the predictions' shape (or [N] for [N, 1]), as for the elementwise losses.</summary>
    internal virtual bool ElementwiseTargets => false;

    /// <summary>Whether targets are integer class indices [N] within the outputs or rows [N, C], as for the categorical losses.</summary>
    internal virtual bool ClassIndexTargets => false;

    /// <summary>Reshapes [B] targets to [B, 1] when the prediction is [B, 1], and converts them to the prediction's type.</summary>
    internal static Tensor Align(Tensor prediction, Tensor target)
    {
        var t = target.dtype == prediction.dtype ? target : target.to_type(prediction.dtype);
        if (t.dim() == prediction.dim() - 1 && prediction.shape[^1] == 1) t = t.unsqueeze(-1);
        if (!t.shape.SequenceEqual(prediction.shape))
            throw new ArgumentException($"Target shape [{Shape(target)}] does not match prediction shape [{Shape(prediction)}].", nameof(target));
        return t;
    }

    /// <summary>Mean over all dimensions but the first, giving shape [B].</summary>
    internal static Tensor MeanPerSample(Tensor values) => values.dim() == 1 ? values : values.flatten(1).mean([1L]);

    /// <summary>Sum over all dimensions but the first, giving shape [B].</summary>
    internal static Tensor SumPerSample(Tensor values) => values.dim() == 1 ? values : values.flatten(1).sum(1);

    internal static string Shape(Tensor t) => string.Join(", ", t.shape);

    /// <inheritdoc />
    public override string ToString() => Name;
}
