using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>What layers need while compiling: the preset that fills unspecified options, and the random source.</summary>
internal sealed class BuildContext
{
    public BuildContext(InitPreset preset, Generator? generator)
    {
        Preset = preset;
        Generator = generator;
    }

    public InitPreset Preset { get; }

    public Generator? Generator { get; }

    /// <summary>The kernel initializer: explicit, else the preset's (lecun normal for selu under Keras).</summary>
    public Initializer KernelInitializer(Initializer? explicitInitializer, Activation? activation) =>
        explicitInitializer ?? (Preset == InitPreset.Keras
            ? (activation?.Kind == ActivationKind.Selu ? Initializer.LecunNormal : Initializer.GlorotUniform)
            : Initializer.TorchDefault);

    /// <summary>The bias initializer: explicit, else zeros (Keras) or ±1/sqrt(fan_in) (Torch).</summary>
    public Initializer BiasInitializer(Initializer? explicitInitializer) =>
        explicitInitializer ?? (Preset == InitPreset.Keras ? Initializer.Zeros : Initializer.TorchDefault);

    /// <summary>A new parameter of <paramref name="shape"/> filled by <paramref name="initializer"/>.</summary>
    public TorchSharp.Modules.Parameter Parameter(long[] shape, Initializer initializer, long fanIn, long fanOut)
    {
        Tensor data = empty(shape, dtype: float32);
        initializer.Fill(data, fanIn, fanOut, Generator);
        return new TorchSharp.Modules.Parameter(data, requires_grad: true);
    }
}
