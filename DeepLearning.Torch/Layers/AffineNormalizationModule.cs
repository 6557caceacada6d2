using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The learned scale γ (<c>weight</c>, ones) and offset β (<c>bias</c>, zeros), one per feature, shared by the compiled
/// batch and layer normalisations; either is absent (<c>null</c>) when not learned.
/// </summary>
internal abstract class AffineNormalizationModule : SingleInputModule
{
    protected AffineNormalizationModule(string name, int features, bool center, bool scale) : base(name)
    {
        if (scale)
        {
            Weight = new TorchSharp.Modules.Parameter(ones(features));
            register_parameter("weight", Weight);
        }
        if (center)
        {
            Bias = new TorchSharp.Modules.Parameter(zeros(features));
            register_parameter("bias", Bias);
        }
    }

    /// <summary>γ, or <c>null</c> when the scale is not learned.</summary>
    protected TorchSharp.Modules.Parameter? Weight { get; }

    /// <summary>β, or <c>null</c> when the offset is not learned.</summary>
    protected TorchSharp.Modules.Parameter? Bias { get; }
}
