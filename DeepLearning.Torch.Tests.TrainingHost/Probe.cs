using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.TrainingHost;

/// <summary>Wraps the model: in evaluation mode (validation) prints a <c>val</c> marker and sleeps, to widen that window.</summary>
internal sealed class Probe : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> inner;
    private readonly int validationDelayMs;

    internal Probe(nn.Module<Tensor, Tensor> inner, int validationDelayMs) : base("probe")
    {
        this.inner = inner;
        this.validationDelayMs = validationDelayMs;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (!training)
        {
            Markers.Write("val");
            if (validationDelayMs > 0) Thread.Sleep(validationDelayMs);
        }
        return inner.forward(input);
    }
}
