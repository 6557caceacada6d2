namespace DeepLearning.Torch.Plotting;

/// <summary>Drops points closer than a step to the last kept one so million-point curves plot fast and small.</summary>
internal static class CurveThinning
{
    /// <summary>Keeps the first and last points and every point at least <paramref name="step"/> (in x or y) from the last kept.</summary>
    public static (double[] X, double[] Y) Thin(IReadOnlyList<double> x, IReadOnlyList<double> y, double step)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < x.Count; i++)
        {
            bool last = i == x.Count - 1;
            if (i == 0 || last || Math.Abs(x[i] - xs[^1]) >= step || Math.Abs(y[i] - ys[^1]) >= step)
            {
                xs.Add(x[i]);
                ys.Add(y[i]);
            }
        }

        return (xs.ToArray(), ys.ToArray());
    }
}
