using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Examples.Gan;

/// <summary>
/// One GAN training step (Goodfellow et al. 2014, the non-saturating generator loss): the discriminator learns real
/// images from generated ones with the first optimizer, then the generator learns to make the discriminator call its
/// images real with the second. Logs <c>d_loss</c>, <c>g_loss</c> and the discriminator's mean probabilities
/// <c>d_real</c> and <c>d_fake</c>; validation logs the same on held-out real images.
/// </summary>
public sealed class GanStep : TrainingStep
{
    /// <summary>
    /// The discriminator's target for real images: 0.9, one-sided label smoothing (Salimans et al. 2016), so that it does
    /// not grow so sure of itself that the generator's gradient vanishes. <value>Default 0.9.</value>
    /// </summary>
    public float RealTarget { get; init; } = 0.9f;

    /// <summary>An optimizer for the discriminator, then one for the generator, both from <see cref="TrainerOptions.Optimizer"/>.</summary>
    /// <param name="model">The <see cref="GanModel"/>.</param>
    /// <param name="options">The run's options.</param>
    /// <returns>The two optimizers.</returns>
    /// <exception cref="ArgumentException">The model is not a <see cref="GanModel"/>.</exception>
    public override IReadOnlyList<optim.Optimizer> CreateOptimizers(nn.Module<Tensor, Tensor> model, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var gan = Gan(model);
        return [options.Optimizer.Create(gan.Discriminator.parameters()), options.Optimizer.Create(gan.Generator.parameters())];
    }

    /// <summary>One discriminator step, then one generator step, on a batch of real images.</summary>
    /// <param name="context">The run.</param>
    /// <param name="batch">Real images (features only).</param>
    /// <returns>The batch's logs.</returns>
    public override IReadOnlyDictionary<string, Tensor> Train(StepContext context, Batch batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(batch);
        var gan = Gan(context.Model);
        // The noise comes from libtorch's generator, which the trainer seeds and checkpoints: resume is exact.
        var fake = gan.Generator.forward(randn(batch.Count, gan.LatentSize, device: batch.Features.device));
        var realLogits = gan.Discriminator.forward(batch.Features);
        var fakeLogits = gan.Discriminator.forward(fake.detach());   // detached: this loss does not train the generator
        var dLoss = Bce(realLogits, RealTarget) + Bce(fakeLogits, 0);
        context.Minimize(dLoss, context.Optimizers[0]);
        var gLoss = Bce(gan.Discriminator.forward(fake), 1);         // the generator wants its images called real
        context.Minimize(gLoss, context.Optimizers[1]);
        return Logs(dLoss, gLoss, realLogits, fakeLogits);
    }

    /// <summary>The losses and probabilities on held-out real images and fresh generated ones, no step.</summary>
    /// <param name="context">The run.</param>
    /// <param name="batch">Real images.</param>
    /// <returns>The batch's logs.</returns>
    public override IReadOnlyDictionary<string, Tensor> Validate(StepContext context, Batch batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(batch);
        var gan = Gan(context.Model);
        var realLogits = gan.Discriminator.forward(batch.Features);
        var fakeLogits = gan.Discriminator.forward(gan.Generator.forward(randn(batch.Count, gan.LatentSize, device: batch.Features.device)));
        return Logs(Bce(realLogits, RealTarget) + Bce(fakeLogits, 0), Bce(fakeLogits, 1), realLogits, fakeLogits);
    }

    private static Dictionary<string, Tensor> Logs(Tensor dLoss, Tensor gLoss, Tensor realLogits, Tensor fakeLogits) => new(StringComparer.Ordinal)
    {
        ["d_loss"] = dLoss,
        ["g_loss"] = gLoss,
        ["d_real"] = realLogits.detach().sigmoid().mean(),   // mean D(x) on real images: 1 = sure they are real
        ["d_fake"] = fakeLogits.detach().sigmoid().mean(),   // mean D(G(z)): 0.5 when the discriminator cannot tell
    };

    private static Tensor Bce(Tensor logits, float target) => nn.functional.binary_cross_entropy_with_logits(logits, full_like(logits, target));

    private static GanModel Gan(nn.Module<Tensor, Tensor> model) => model as GanModel
        ?? throw new ArgumentException($"GanStep trains a GanModel (generator and discriminator), not {model?.GetType().Name ?? "null"}.", nameof(model));
}
