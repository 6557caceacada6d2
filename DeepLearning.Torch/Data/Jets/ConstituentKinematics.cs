using TorchSharp;

namespace DeepLearning.Torch.Data.Jets;

/// <summary>
/// Per-constituent kinematics of zero-padded (N, M, 4) four-vectors (E, px, py, pz), float64, shared by the jet
/// transforms. Padding is a row with pT = 0; its eta is 0 so that nothing downstream sees NaN.
/// </summary>
internal sealed record ConstituentKinematics(torch.Tensor Energy, torch.Tensor Px, torch.Tensor Py, torch.Tensor Pz,
    torch.Tensor Pt, torch.Tensor Eta, torch.Tensor Phi, torch.Tensor Mask)
{
    /// <summary>Computes the kinematics; the tensors belong to the caller's dispose scope.</summary>
    /// <param name="constituents">(N, M, 4) four-vectors.</param>
    /// <param name="argument">Argument name for the error message.</param>
    /// <exception cref="ArgumentException">The input is not (N, M, 4).</exception>
    public static ConstituentKinematics Of(torch.Tensor constituents, string argument)
    {
        ArgumentNullException.ThrowIfNull(constituents, argument);
        if (constituents.dim() != 3 || constituents.shape[2] != 4)
            throw new ArgumentException($"Expected constituents of shape (N, M, 4) as (E, px, py, pz), got [{string.Join(", ", constituents.shape)}].", argument);
        var v = constituents.to_type(torch.ScalarType.Float64);
        var (e, px, py, pz) = (v[.., .., 0], v[.., .., 1], v[.., .., 2], v[.., .., 3]);
        var pt = (px.square() + py.square()).sqrt();
        var mask = pt.gt(0);
        var eta = torch.where(mask, (pz / NonZero(pt)).asinh(), torch.zeros_like(pt));
        return new ConstituentKinematics(e, px, py, pz, pt, eta, torch.atan2(py, px), mask);
    }

    /// <summary>An angle wrapped into [-pi, pi).</summary>
    public static torch.Tensor Wrap(torch.Tensor angle) => torch.remainder(angle + Math.PI, 2 * Math.PI) - Math.PI;

    /// <summary>The tensor with zeros replaced by ones, to divide by safely.</summary>
    public static torch.Tensor NonZero(torch.Tensor value) => torch.where(value.ne(0), value, torch.ones_like(value));
}
