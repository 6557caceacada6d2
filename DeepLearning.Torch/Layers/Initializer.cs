using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// How a weight tensor is initialised. Fans follow PyTorch and Keras: for a kernel of shape
/// (out, in / groups, k...), fan_in = in / groups · prod(k) and fan_out = out · prod(k).
/// </summary>
/// <param name="Kind">The scheme.</param>
/// <param name="Value">The value for <see cref="InitializerKind.Constant"/>; ignored otherwise.</param>
public sealed record Initializer(InitializerKind Kind, double Value = 0)
{
    /// <summary>Glorot (Xavier) uniform, Keras' default for kernels.</summary>
    public static Initializer GlorotUniform { get; } = new(InitializerKind.GlorotUniform);
    /// <summary>Glorot (Xavier) normal, truncated at two standard deviations as Keras draws it.</summary>
    public static Initializer GlorotNormal { get; } = new(InitializerKind.GlorotNormal);
    /// <summary>He (Kaiming) uniform.</summary>
    public static Initializer HeUniform { get; } = new(InitializerKind.HeUniform);
    /// <summary>He (Kaiming) normal, truncated at two standard deviations.</summary>
    public static Initializer HeNormal { get; } = new(InitializerKind.HeNormal);
    /// <summary>LeCun uniform.</summary>
    public static Initializer LecunUniform { get; } = new(InitializerKind.LecunUniform);
    /// <summary>LeCun normal, truncated at two standard deviations (the partner of selu).</summary>
    public static Initializer LecunNormal { get; } = new(InitializerKind.LecunNormal);
    /// <summary>PyTorch's default for Linear and Conv layers: uniform in ±1/sqrt(fan_in).</summary>
    public static Initializer TorchDefault { get; } = new(InitializerKind.TorchDefault);
    /// <summary>Zeros.</summary>
    public static Initializer Zeros { get; } = new(InitializerKind.Zeros);
    /// <summary>Ones.</summary>
    public static Initializer Ones { get; } = new(InitializerKind.Ones);

    /// <summary>A constant <paramref name="value"/>.</summary>
    public static Initializer Constant(double value) => new(InitializerKind.Constant, value);

    // Standard deviation of a unit normal truncated at ±2, which Keras divides by.
    private const double TruncatedNormalStd = 0.87962566103423978;

    /// <summary>Fills <paramref name="weight"/> in place, drawing from <paramref name="generator"/>.</summary>
    /// <param name="weight">The tensor to fill (no gradient is recorded).</param>
    /// <param name="fanIn">Inputs feeding one output unit.</param>
    /// <param name="fanOut">Outputs fed by one input unit.</param>
    /// <param name="generator">Random source; <c>null</c> uses libtorch's global generator.</param>
    public void Fill(Tensor weight, long fanIn, long fanOut, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(weight);
        using var noGrad = torch.no_grad();
        switch (Kind)
        {
            case InitializerKind.GlorotUniform: Uniform(weight, Math.Sqrt(6.0 / (fanIn + fanOut)), generator); break;
            case InitializerKind.HeUniform: Uniform(weight, Math.Sqrt(6.0 / fanIn), generator); break;
            case InitializerKind.LecunUniform: Uniform(weight, Math.Sqrt(3.0 / fanIn), generator); break;
            case InitializerKind.TorchDefault: Uniform(weight, 1.0 / Math.Sqrt(fanIn), generator); break;
            case InitializerKind.GlorotNormal: Truncated(weight, Math.Sqrt(2.0 / (fanIn + fanOut)), generator); break;
            case InitializerKind.HeNormal: Truncated(weight, Math.Sqrt(2.0 / fanIn), generator); break;
            case InitializerKind.LecunNormal: Truncated(weight, Math.Sqrt(1.0 / fanIn), generator); break;
            case InitializerKind.Zeros: weight.zero_(); break;
            case InitializerKind.Ones: weight.fill_(1.0); break;
            case InitializerKind.Constant: weight.fill_(Value); break;
            default: throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown initializer.");
        }
    }

    // Tensor.uniform_ is used rather than nn.init.uniform_, which ignores its generator in TorchSharp 0.107.
    private static void Uniform(Tensor weight, double bound, Generator? generator) =>
        weight.uniform_(-bound, bound, generator);

    // Standard normal truncated to [-2, 2] by inverse transform: x = sqrt(2) erfinv(2u - 1) with u uniform in
    // [Phi(-2), Phi(2)]. (nn.init.trunc_normal_ in TorchSharp 0.107 ignores the generator and returns constants.)
    private static void Truncated(Tensor weight, double scale, Generator? generator)
    {
        const double PhiMinus2 = 0.022750131948179195, PhiPlus2 = 0.97724986805182079;
        double std = scale / TruncatedNormalStd;
        weight.uniform_(2 * PhiMinus2 - 1, 2 * PhiPlus2 - 1, generator).erfinv_().mul_(Math.Sqrt(2) * std).clamp_(-2 * std, 2 * std);
    }
}
