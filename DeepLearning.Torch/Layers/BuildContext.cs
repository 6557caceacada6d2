using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// What a layer's <c>Compile</c> receives from the model being built: the preset that fills unspecified options and
/// the random source of <c>Build(seed: n)</c>. Create weights with <see cref="Parameter"/> so that they follow both.
/// </summary>
public sealed class BuildContext
{
    internal BuildContext(InitPreset preset, Generator? generator)
    {
        Preset = preset;
        Generator = generator;
    }

    /// <summary>The model's preset (Torch or Keras defaults).</summary>
    public InitPreset Preset { get; }

    /// <summary>The generator seeded by <c>Build(seed: n)</c>; <c>null</c> draws from libtorch's global generator.</summary>
    public Generator? Generator { get; }

    /// <summary>The kernel initializer: explicit, else the preset's (lecun normal for selu under Keras).</summary>
    /// <param name="explicitInitializer">The layer's own initializer, or <c>null</c>.</param>
    /// <param name="activation">The layer's activation (selu changes the Keras default).</param>
    public Initializer KernelInitializer(Initializer? explicitInitializer, Activation? activation) =>
        explicitInitializer ?? (Preset == InitPreset.Keras
            ? (activation?.Kind == ActivationKind.Selu ? Initializer.LecunNormal : Initializer.GlorotUniform)
            : Initializer.TorchDefault);

    /// <summary>The bias initializer: explicit, else zeros (Keras) or ±1/sqrt(fan_in) (Torch).</summary>
    /// <param name="explicitInitializer">The layer's own initializer, or <c>null</c>.</param>
    public Initializer BiasInitializer(Initializer? explicitInitializer) =>
        explicitInitializer ?? (Preset == InitPreset.Keras ? Initializer.Zeros : Initializer.TorchDefault);

    /// <summary>A new trainable float32 parameter of <paramref name="shape"/> filled by <paramref name="initializer"/>.</summary>
    /// <param name="shape">The parameter's shape.</param>
    /// <param name="initializer">How to fill it (use <see cref="KernelInitializer"/> or <see cref="BiasInitializer"/> for the preset's).</param>
    /// <param name="fanIn">Inputs per output unit (for scaled initializers).</param>
    /// <param name="fanOut">Outputs per input unit (for scaled initializers).</param>
    public TorchSharp.Modules.Parameter Parameter(long[] shape, Initializer initializer, long fanIn, long fanOut)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(initializer);
        Tensor data = empty(shape, dtype: float32);
        initializer.Fill(data, fanIn, fanOut, Generator);
        return new TorchSharp.Modules.Parameter(data, requires_grad: true);
    }
}
