using TorchSharp;

namespace DeepLearning.Torch.Data.Jets;

/// <summary>
/// Turns jet constituents (N, M, 4) as (E, px, py, pz), zero padded, into images (N, C, P, P): each jet is
/// centred on its pT-weighted (eta, phi) centroid, rotated so that its principal axis points along phi,
/// reflected so that the heavier halves lie at positive eta and phi, and pixelated on a P x P grid covering
/// [-HalfWidth, HalfWidth) in eta (columns, W axis) and phi (rows, H axis); each channel sums to 1.
/// A constituent at the jet axis lands in pixel (P/2, P/2). Vectorised over jets and constituents.
/// </summary>
public sealed class JetImageBuilder
{
    /// <summary>Creates a builder.</summary>
    /// <param name="options">Settings; default <see cref="JetImageOptions"/> (40 x 40 pT images).</param>
    public JetImageBuilder(JetImageOptions? options = null)
    {
        Options = options ?? new JetImageOptions();
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public JetImageOptions Options { get; }

    /// <summary>Builds images from constituents.</summary>
    /// <param name="constituents">(N, M, 4) four-vectors (E, px, py, pz); rows with px = py = 0 are padding.</param>
    /// <returns>float32 images (N, C, P, P) on the constituents' device; owned by the caller.</returns>
    /// <exception cref="ArgumentException">The input is not (N, M, 4).</exception>
    public torch.Tensor Build(torch.Tensor constituents)
    {
        using var scope = torch.NewDisposeScope();
        var coords = Coordinates(constituents);
        long n = constituents.shape[0], m = constituents.shape[1];
        int p = Options.Pixels, c = Options.Channels.Count;
        double size = 2 * Options.HalfWidth / p;
        var col = ((coords.Eta + Options.HalfWidth) / size).floor().to_type(torch.ScalarType.Int64);
        var row = ((coords.Phi + Options.HalfWidth) / size).floor().to_type(torch.ScalarType.Int64);
        var inside = coords.Mask & col.ge(0) & col.lt(p) & row.ge(0) & row.lt(p);
        var values = torch.stack(Options.Channels.Select(ch => ch switch
        {
            JetImageChannel.Pt => coords.Pt,
            JetImageChannel.Energy => coords.Energy,
            _ => torch.ones_like(coords.Pt),
        }).ToArray(), 2);                                                           // (N, M, C)
        var jet = torch.arange(n, device: constituents.device).view(n, 1, 1);
        var channel = torch.arange(c, device: constituents.device).view(1, 1, c);
        var flat = ((jet * c + channel) * p + row.unsqueeze(2)) * p + col.unsqueeze(2);  // (N, M, C)
        var keep = inside.unsqueeze(2).expand(n, m, c);
        var image = torch.zeros(n * c * p * p, torch.ScalarType.Float64, constituents.device)
            .index_add_(0, flat.masked_select(keep), values.masked_select(keep), 1.0)
            .view(n, c, p, p);
        if (Options.Normalize)
        {
            var sum = image.sum([2, 3], keepdim: true);
            image = image / torch.where(sum.gt(0), sum, torch.ones_like(sum));
        }
        return image.to_type(torch.ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>The centred, rotated and flipped constituent coordinates that <see cref="Build"/> pixelates.</summary>
    /// <param name="constituents">(N, M, 4) four-vectors (E, px, py, pz).</param>
    /// <returns>The coordinates; owned by the caller.</returns>
    /// <exception cref="ArgumentException">The input is not (N, M, 4).</exception>
    public JetCoordinates Coordinates(torch.Tensor constituents)
    {
        using var scope = torch.NewDisposeScope();
        var k = ConstituentKinematics.Of(constituents, nameof(constituents));
        var (e, pt, eta, phi, mask) = (k.Energy, k.Pt, k.Eta, k.Phi, k.Mask);
        var w = torch.where(mask, pt, torch.zeros_like(pt));
        var total = w.sum(1, keepdim: true);
        var safeTotal = torch.where(total.gt(0), total, torch.ones_like(total));

        var leading = pt.argmax(1, keepdim: true);
        var dphi = ConstituentKinematics.Wrap(phi - phi.gather(1, leading));
        var x = eta - (w * eta).sum(1, keepdim: true) / safeTotal;
        var y = dphi - (w * dphi).sum(1, keepdim: true) / safeTotal;

        if (Options.Rotate)
        {
            var cxx = (w * x * x).sum(1, keepdim: true);
            var cyy = (w * y * y).sum(1, keepdim: true);
            var cxy = (w * x * y).sum(1, keepdim: true);
            var theta = 0.5 * torch.atan2(2 * cxy, cxx - cyy);   // major axis angle from the eta axis
            var alpha = Math.PI / 2 - theta;                       // rotate the major axis onto phi
            var (cos, sin) = (alpha.cos(), alpha.sin());
            (x, y) = (x * cos - y * sin, x * sin + y * cos);
        }
        if (Options.Flip)
        {
            x = x * Side(w, x);
            y = y * Side(w, y);
        }
        x = torch.where(mask, x, torch.zeros_like(x));
        y = torch.where(mask, y, torch.zeros_like(y));
        return new JetCoordinates(x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope(), pt.MoveToOuterDisposeScope(),
            e.clone().MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>+1 where the positive half carries at least as much weight as the negative half, else -1 (N, 1).</summary>
    private static torch.Tensor Side(torch.Tensor w, torch.Tensor coordinate)
    {
        var positive = (w * coordinate.gt(0)).sum(1, keepdim: true);
        var negative = (w * coordinate.lt(0)).sum(1, keepdim: true);
        return torch.where(positive.ge(negative), 1.0, -1.0).to_type(torch.ScalarType.Float64);
    }
}
