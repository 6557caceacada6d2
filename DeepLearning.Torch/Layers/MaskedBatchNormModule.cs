using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// Batch normalisation over the last axis whose training statistics count only the entries a weight tensor marks as
/// real (the particles of a jet, the valid edges of a graph), so that padding never shifts the mean or variance seen by
/// real entries. Inputs: the values (N, ..., C) and the 0/1 weights (N, ...). In training the batch mean and biased
/// variance over the real entries normalise, and the running averages take the unbiased variance with torch's momentum;
/// in evaluation the running averages normalise. Parameters <c>weight</c> (γ), <c>bias</c> (β); buffers
/// <c>running_mean</c>, <c>running_var</c>, as torch's BatchNorm. Without padding it equals torch's BatchNorm1d/2d.
/// </summary>
internal sealed class MaskedBatchNormModule : LayerModule
{
    private readonly TorchSharp.Modules.Parameter weight;
    private readonly TorchSharp.Modules.Parameter bias;
    private readonly Tensor runningMean;
    private readonly Tensor runningVar;
    private readonly double torchMomentum;
    private readonly double epsilon;

    public MaskedBatchNormModule(string name, int channels, BuildContext context) : base(name)
    {
        bool keras = context.Preset == InitPreset.Keras;
        torchMomentum = keras ? 0.01 : 0.1;
        epsilon = keras ? 1e-3 : 1e-5;
        weight = new TorchSharp.Modules.Parameter(ones(channels));
        bias = new TorchSharp.Modules.Parameter(zeros(channels));
        register_parameter("weight", weight);
        register_parameter("bias", bias);
        runningMean = zeros(channels);
        runningVar = ones(channels);
        register_buffer("running_mean", runningMean);
        register_buffer("running_var", runningVar);
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        using var scope = NewDisposeScope();
        Tensor x = inputs[0], real = inputs[1].unsqueeze(-1);
        long channels = x.shape[^1];
        Tensor mean, variance;
        if (training)
        {
            // Statistics over the real entries of every axis but the channels.
            Tensor flatX = x.reshape(-1, channels), flatReal = real.reshape(-1, 1);
            Tensor count = flatReal.sum();
            Tensor n = count.clamp_min(1);
            mean = flatX.mul(flatReal).sum([0L]).div(n);
            variance = flatX.sub(mean).square().mul(flatReal).sum([0L]).div(n);
            // A batch with no real entry leaves the running averages as they are.
            if (count.item<float>() == 0) return Normalize(mean, variance, x).MoveToOuterDisposeScope();
            using (no_grad())
            {
                Tensor unbiased = variance.mul(n.div(count.sub(1).clamp_min(1)));
                runningMean.mul_(1 - torchMomentum).add_(mean.detach().mul(torchMomentum));
                runningVar.mul_(1 - torchMomentum).add_(unbiased.detach().mul(torchMomentum));
            }
        }
        else
        {
            mean = runningMean;
            variance = runningVar;
        }
        return Normalize(mean, variance, x).MoveToOuterDisposeScope();
    }

    private Tensor Normalize(Tensor mean, Tensor variance, Tensor x) => x.sub(mean).div(variance.add(epsilon).sqrt()).mul(weight).add(bias);
}
