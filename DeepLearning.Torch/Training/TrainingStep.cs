using DeepLearning.Torch.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>
/// What the trainer does with one batch (Keras' <c>train_step</c>/<c>test_step</c>, Lightning's <c>training_step</c>/
/// <c>validation_step</c>). This class is the built-in step; subclass it and set <see cref="TrainerOptions.Step"/> to train a
/// GAN (two optimizers), a VAE (a KL term) or an adversarial setup, keeping callbacks, progress, early stopping,
/// checkpoints (every optimizer's state) and exact resume.
/// </summary>
/// <remarks>
/// <para>
/// A step returns the batch's logs: scalar tensors keyed like <c>loss</c> or <c>d_loss</c>, each a mean over the batch.
/// The trainer averages them over the epoch (weighted by batch size), adds the metrics' results and, for validation,
/// the <c>val_</c> prefix. Keep the step free of host synchronisation (<c>item()</c>): the trainer reads the logs.
/// </para>
/// <para>
/// Everything random in a step should draw from libtorch's generator (<c>randn</c> without a generator): the trainer
/// seeds it and saves it in checkpoints, so a resumed run equals an uninterrupted one bitwise. A step holds no state of
/// its own between batches (or saves it with a callback).
/// </para>
/// </remarks>
/// <example>
/// <code>
/// sealed class GanStep(Module&lt;Tensor, Tensor&gt; generator, Module&lt;Tensor, Tensor&gt; critic) : TrainingStep
/// {
///     public override IReadOnlyList&lt;optim.Optimizer&gt; CreateOptimizers(nn.Module&lt;Tensor, Tensor&gt; model, TrainerOptions options) =&gt;
///         [options.Optimizer.Create(critic.parameters()), options.Optimizer.Create(generator.parameters())];
///
///     public override IReadOnlyDictionary&lt;string, Tensor&gt; Train(StepContext context, Batch batch)
///     {
///         var fake = generator.forward(randn(batch.Count, 8));
///         var dLoss = bce(critic.forward(batch.Features), ones(batch.Count, 1)) + bce(critic.forward(fake.detach()), zeros(batch.Count, 1));
///         context.Minimize(dLoss, context.Optimizers[0]);
///         var gLoss = bce(critic.forward(fake), ones(batch.Count, 1));
///         context.Minimize(gLoss, context.Optimizers[1]);
///         return new Dictionary&lt;string, Tensor&gt; { ["d_loss"] = dLoss, ["g_loss"] = gLoss };
///     }
/// }
/// </code>
/// </example>
public class TrainingStep
{
    /// <summary>
    /// Creates the run's optimizers, once per Fit after the model is on its device. Their states are saved in checkpoints
    /// and restored on resume in this order; a schedule and <see cref="TrainerOptions"/>' gradient clipping apply to each.
    /// </summary>
    /// <param name="model">The model given to Fit, on the training device.</param>
    /// <param name="options">The run's (frozen) options.</param>
    /// <returns>At least one optimizer; the trainer disposes them when the run ends.</returns>
    public virtual IReadOnlyList<optim.Optimizer> CreateOptimizers(nn.Module<Tensor, Tensor> model, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        return [options.Optimizer.Create(model.parameters())];
    }

    /// <summary>
    /// Trains on one batch (model in training mode, gradients on). The built-in step: predictions of every output, the
    /// weighted sum of the outputs' losses plus regularization (<see cref="StepContext.ComputeLoss"/>), one
    /// <see cref="StepContext.Minimize"/> and the metrics' update.
    /// </summary>
    /// <param name="context">The model, optimizers and helpers of the run.</param>
    /// <param name="batch">The batch on the training device (augmented; labels in output order).</param>
    /// <returns>The batch's logs (scalar tensors, means over the batch), keyed without <c>val_</c>.</returns>
    public virtual IReadOnlyDictionary<string, Tensor> Train(StepContext context, Batch batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(batch);
        var predictions = context.Forward(batch);
        var logs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var loss = context.ComputeLoss(predictions, batch, logs);
        if (context.Minimize(loss)) context.UpdateMetrics(predictions, batch);
        return logs;
    }

    /// <summary>
    /// Evaluates one batch (model in evaluation mode, gradients off): in validation and in <see cref="Trainer.Evaluate"/>.
    /// The built-in step: predictions, losses and metrics as in <see cref="Train"/>, no optimizer step.
    /// </summary>
    /// <param name="context">The model and helpers (<see cref="StepContext.Optimizers"/> is empty in Evaluate).</param>
    /// <param name="batch">The batch (labels in output order).</param>
    /// <returns>The batch's logs, keyed without <c>val_</c> (the trainer adds it for validation).</returns>
    public virtual IReadOnlyDictionary<string, Tensor> Validate(StepContext context, Batch batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(batch);
        var predictions = context.Forward(batch);
        var logs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        context.ComputeLoss(predictions, batch, logs);
        context.UpdateMetrics(predictions, batch);
        return logs;
    }
}
