using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A weight penalty added to the training loss, as Keras defines it: <c>L1 · Σ|w| + L2 · Σw²</c>
/// (no factor ½ on the L2 term).
/// </summary>
/// <param name="L1Factor">Coefficient of the sum of absolute values; non-negative.</param>
/// <param name="L2Factor">Coefficient of the sum of squares; non-negative.</param>
public sealed record Regularizer(double L1Factor, double L2Factor)
{
    /// <summary>An L1 penalty.</summary>
    public static Regularizer L1(double l1) => Validated(new Regularizer(l1, 0));

    /// <summary>An L2 penalty.</summary>
    public static Regularizer L2(double l2) => Validated(new Regularizer(0, l2));

    /// <summary>L1 and L2 penalties together (Keras <c>L1L2</c>).</summary>
    public static Regularizer L1L2(double l1, double l2) => Validated(new Regularizer(l1, l2));

    /// <summary>The penalty of <paramref name="weight"/> as a scalar tensor (differentiable).</summary>
    public Tensor Penalty(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        Tensor? total = null;
        if (L1Factor != 0) total = weight.abs().sum().mul(L1Factor);
        if (L2Factor != 0)
        {
            Tensor l2 = weight.square().sum().mul(L2Factor);
            total = total is null ? l2 : total.add(l2);
        }
        return total ?? zeros(1, dtype: weight.dtype, device: weight.device).sum();
    }

    private static Regularizer Validated(Regularizer r)
    {
        if (!(r.L1Factor >= 0) || double.IsInfinity(r.L1Factor))
            throw new ArgumentOutOfRangeException("l1", r.L1Factor, "The L1 coefficient must be finite and non-negative.");
        if (!(r.L2Factor >= 0) || double.IsInfinity(r.L2Factor))
            throw new ArgumentOutOfRangeException("l2", r.L2Factor, "The L2 coefficient must be finite and non-negative.");
        return r;
    }
}
