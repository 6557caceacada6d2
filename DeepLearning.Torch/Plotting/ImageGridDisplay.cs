using ScottPlot;
using TorchSharp;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// A grid of grey-scale images (e.g. inputs above their autoencoder reconstructions, or generated digits): row r of the
/// grid is drawn at the top for r = 0, each tile scaled to [0, 1] as given (values are clamped, not rescaled).
/// </summary>
public sealed class ImageGridDisplay
{
    private readonly double[][,] _images;
    private readonly int _columns;

    private ImageGridDisplay(double[][,] images, int columns)
    {
        _images = images;
        _columns = columns;
    }

    /// <summary>The grid from images of shape (N, H, W) or (N, 1, H, W) with values in [0, 1], filled row by row.</summary>
    /// <param name="images">The images (any device and floating type); read, not disposed.</param>
    /// <param name="columns">Images per grid row.</param>
    /// <returns>The display.</returns>
    /// <exception cref="ArgumentException">The shape is not (N, H, W) or (N, 1, H, W), N is 0, or <paramref name="columns"/> is below 1.</exception>
    public static ImageGridDisplay From(torch.Tensor images, int columns)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        bool channel = images.dim() == 4 && images.shape[1] == 1;
        if (!(images.dim() == 3 || channel) || images.shape[0] == 0)
            throw new ArgumentException($"Expected images of shape (N, H, W) or (N, 1, H, W) with N > 0, got ({string.Join(", ", images.shape)}).", nameof(images));
        using var scope = torch.NewDisposeScope();
        var cpu = (channel ? images.squeeze(1) : images).detach().to(torch.CPU).to_type(torch.ScalarType.Float64).clamp(0, 1).contiguous();
        int n = (int)cpu.shape[0], h = (int)cpu.shape[1], w = (int)cpu.shape[2];
        double[] flat = cpu.data<double>().ToArray();
        var tiles = new double[n][,];
        for (int k = 0; k < n; k++)
        {
            tiles[k] = new double[h, w];
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++) tiles[k][i, j] = flat[((k * h) + i) * w + j];
        }
        return new ImageGridDisplay(tiles, Math.Min(columns, n));
    }

    /// <summary>Draws the grid (white = 1, black = 0) into a new plot without axes, tiles separated by a grey gap.</summary>
    /// <returns>The plot, for further customisation.</returns>
    public Plot Plot()
    {
        int h = _images[0].GetLength(0), w = _images[0].GetLength(1), gap = 1;
        int rows = (_images.Length + _columns - 1) / _columns;
        var canvas = new double[rows * (h + gap) - gap, _columns * (w + gap) - gap];
        for (int i = 0; i < canvas.GetLength(0); i++)
            for (int j = 0; j < canvas.GetLength(1); j++) canvas[i, j] = 0.5;
        for (int k = 0; k < _images.Length; k++)
        {
            int top = (k / _columns) * (h + gap), left = (k % _columns) * (w + gap);
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++) canvas[top + i, left + j] = _images[k][i, j];
        }
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(canvas); // row 0 of the array is drawn at the top
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(0, canvas.GetLength(1), 0, canvas.GetLength(0));
        plot.Axes.SquareUnits();   // square pixels whatever the figure size
        return plot;
    }
}
