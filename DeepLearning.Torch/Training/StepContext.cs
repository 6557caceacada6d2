using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>
/// What a <see cref="TrainingStep"/> works with: the model, the optimizers, the run, and the helpers that make the
/// built-in step (predictions of every output, the losses and metrics of <see cref="TrainerOptions"/>, an optimizer step
/// with the non-finite guard, gradient clipping and gradient accumulation).
/// </summary>
public sealed class StepContext
{
    private readonly OutputHeads _heads;
    private readonly Tensor? _classWeights;
    private readonly INonFiniteGuard? _guard;

    internal StepContext(nn.Module<Tensor, Tensor> model, IReadOnlyList<optim.Optimizer> optimizers, TrainerOptions options,
        OutputHeads heads, Tensor? classWeights, INonFiniteGuard? guard, TrainingContext? run)
    {
        Model = model;
        Optimizers = optimizers;
        Options = options;
        _heads = heads;
        _classWeights = classWeights;
        _guard = guard;
        Run = run;
        OutputNames = heads.Heads.Select(h => h.Name).ToArray();
    }

    /// <summary>The model given to Fit or Evaluate, on the run's device.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>The optimizers of <see cref="TrainingStep.CreateOptimizers"/>, in order; empty in <see cref="Trainer.Evaluate"/>.</summary>
    public IReadOnlyList<optim.Optimizer> Optimizers { get; }

    /// <summary>The run's (frozen) options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The run as callbacks see it (epoch, batch, history, logger), or <c>null</c> in <see cref="Trainer.Evaluate"/>.</summary>
    public TrainingContext? Run { get; }

    /// <summary>The model's output names, in output order (the order of <see cref="Batch.LabelTensors"/>).</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Whether the current batch is a training batch (else validation or evaluation).</summary>
    public bool IsTraining { get; internal set; }

    // The current batch, its place in a gradient-accumulation group, and what Minimize found.
    internal Batch? CurrentBatch { get; set; }
    internal bool AccumulationStart { get; set; } = true;
    internal bool AccumulationEnd { get; set; } = true;
    internal double AccumulationScale { get; set; } = 1;
    internal bool Skipped { get; set; }
    internal bool StopNow { get; set; }

    /// <summary>Whether the run checked every dataset's targets once (losses, class weights), so batches skip those checks.</summary>
    internal bool TargetsChecked { get; set; }

    /// <summary>The predictions of every output of <see cref="Model"/> for the batch's inputs, in output order.</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>Tensors in the current (batch) dispose scope.</returns>
    public Tensor[] Forward(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return ModelInputs.ForwardAll(Model, batch.Inputs);
    }

    /// <summary>
    /// The training loss of the options: <c>sum_k LossWeights[k] * loss_k(predictions[k], labels[k], weights)</c> plus the
    /// model's regularization, weights being the batch's sample weights (times <see cref="TrainerOptions.ClassWeights"/>).
    /// Adds <c>loss</c> (the total) and, for several outputs, <c>{output}_loss</c> (each output's own loss, before its
    /// weight) to <paramref name="logs"/>.
    /// </summary>
    /// <param name="predictions">One prediction per output (<see cref="Forward"/>).</param>
    /// <param name="batch">The batch, with one label tensor per output.</param>
    /// <param name="logs">Receives the values, or <c>null</c>.</param>
    /// <returns>The total loss, a scalar in the current dispose scope.</returns>
    /// <exception cref="InvalidOperationException">An output has no loss, or the batch has no labels.</exception>
    public Tensor ComputeLoss(IReadOnlyList<Tensor> predictions, Batch batch, IDictionary<string, Tensor>? logs = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(batch);
        CheckCounts(predictions, batch);
        Tensor? total = null;
        foreach (var head in _heads.Heads)
        {
            var loss = head.Loss ?? throw new InvalidOperationException(
                $"Output {head.Name} has no loss: set TrainerOptions.Loss or TrainerOptions.Losses[\"{head.Name}\"], or compute the loss in the step.");
            var labels = batch.LabelTensors[head.Index];
            var value = loss.Compute(predictions[head.Index], labels, Weights(batch, head), TargetsChecked);
            if (_heads.Several) logs?.Add(_heads.Key(head, MetricKeys.Loss), value);
            var weighted = head.Weight == 1 ? value : value * head.Weight;
            total = total is null ? weighted : total + weighted;
        }
        total = BatchEvaluation.WithRegularization(Model, total!);
        logs?.Add(MetricKeys.Loss, total);
        return total;
    }

    /// <summary>Adds the batch to every output's metrics (detached, gradients off).</summary>
    /// <param name="predictions">One prediction per output.</param>
    /// <param name="batch">The batch, with one label tensor per output.</param>
    public void UpdateMetrics(IReadOnlyList<Tensor> predictions, Batch batch)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(batch);
        if (!_heads.Metrics.Any()) return;
        CheckCounts(predictions, batch);
        using var noGrad = no_grad();
        foreach (var head in _heads.Heads)
        {
            if (head.Metrics.Length == 0) continue;
            var detached = predictions[head.Index].detach();
            var labels = batch.LabelTensors[head.Index];
            var weights = Weights(batch, head);
            foreach (var m in head.Metrics) m.Update(detached, labels, weights);
        }
    }

    /// <summary>
    /// One gradient step on <paramref name="loss"/> with <paramref name="optimizer"/> (default the first): zero the
    /// gradients, <c>backward</c>, the non-finite check (<see cref="TrainerOptions.TerminateOnNonFinite"/> or a
    /// <see cref="TerminateOnNaN"/>), gradient clipping of the optimizer's parameters, <c>step</c>. With
    /// <see cref="TrainerOptions.GradientAccumulationSteps"/> above 1 the loss is scaled by the batch's share of its group,
    /// gradients are zeroed at the group's first batch only and the step taken at its last.
    /// </summary>
    /// <param name="loss">A scalar loss with a graph to the optimizer's parameters.</param>
    /// <param name="optimizer">One of <see cref="Optimizers"/>, or <c>null</c> for the first.</param>
    /// <returns>False when the loss or a gradient was not finite, so no step was taken (the batch is then left out of the
    /// epoch's logs, and training stops after it unless the <see cref="TerminateOnNaN"/> skips batches).</returns>
    /// <exception cref="InvalidOperationException">Called outside a training batch.</exception>
    public bool Minimize(Tensor loss, optim.Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (!IsTraining || Run is null || CurrentBatch is null)
            throw new InvalidOperationException("StepContext.Minimize is for training batches (TrainingStep.Train), not validation or evaluation.");
        optimizer ??= Optimizers[0];
        if (AccumulationStart) optimizer.zero_grad();
        (AccumulationScale == 1 ? loss : loss * AccumulationScale).backward();
        if (_guard is not null && NonFiniteGuard.Check(Model, loss, CurrentBatch, _guard.CheckGradients) is var (reason, problem))
        {
            optimizer.zero_grad();
            Skipped = true;
            StopNow |= !_guard.HandleNonFinite(Run, reason, problem);
            return false;
        }
        if (!AccumulationEnd) return true;
        if (Options.GradientClipValue is not null || Options.GradientClipNorm is not null)
        {
            var parameters = optimizer.parameters().ToArray();
            if (Options.GradientClipValue is double clipValue) nn.utils.clip_grad_value_(parameters, clipValue);
            if (Options.GradientClipNorm is double clipNorm) nn.utils.clip_grad_norm_(parameters, clipNorm);
        }
        optimizer.step();
        return true;
    }

    /// <summary>The weights reaching output <paramref name="head"/>'s loss and metrics: sample weights times class weights.</summary>
    private Tensor? Weights(Batch batch, OutputHead head)
        => SampleWeights.Combine(batch.LabelTensors[head.Index], batch.Weights, head.Index == 0 ? _classWeights : null, TargetsChecked);

    private void CheckCounts(IReadOnlyList<Tensor> predictions, Batch batch)
    {
        if (predictions.Count != _heads.Heads.Count)
            throw new ArgumentException($"{_heads.ModelName} has {_heads.Heads.Count} output(s) but {predictions.Count} prediction(s) were given.", nameof(predictions));
        if (batch.LabelTensors.Count != _heads.Heads.Count)
            throw new InvalidOperationException(batch.LabelTensors.Count == 0
                ? "The batch has no labels; the built-in losses and metrics need them (give the dataset labels, or compute the loss in the step)."
                : $"The batch has {batch.LabelTensors.Count} label tensor(s) for {_heads.Heads.Count} output(s).");
    }
}
