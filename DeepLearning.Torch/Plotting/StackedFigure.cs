using ScottPlot;
using SkiaSharp;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// Plots stacked vertically in one image with aligned data areas (a main panel over a ratio panel), saved as
/// PNG or SVG. The plots keep a fixed left and right padding so their x axes line up.
/// </summary>
public sealed class StackedFigure
{
    private const float LeftPadding = 95;

    /// <summary>Creates the figure.</summary>
    /// <param name="plots">Panels from top to bottom.</param>
    /// <param name="heightFractions">Relative heights of the panels (same count as plots, positive).</param>
    /// <exception cref="ArgumentException">Counts differ or a height is not positive.</exception>
    public StackedFigure(IReadOnlyList<Plot> plots, IReadOnlyList<float> heightFractions)
    {
        ArgumentNullException.ThrowIfNull(plots);
        ArgumentNullException.ThrowIfNull(heightFractions);
        if (plots.Count == 0 || plots.Count != heightFractions.Count)
        {
            throw new ArgumentException($"Expected one height per plot, got {heightFractions.Count} heights for {plots.Count} plots.", nameof(heightFractions));
        }

        if (heightFractions.Any(h => !(h > 0)))
        {
            throw new ArgumentException("Expected positive heights.", nameof(heightFractions));
        }

        Plots = plots;
        HeightFractions = heightFractions;
    }

    /// <summary>The panels, top to bottom.</summary>
    public IReadOnlyList<Plot> Plots { get; }

    /// <summary>Relative panel heights.</summary>
    public IReadOnlyList<float> HeightFractions { get; }

    /// <summary>Space right of the data areas in pixels, the same for every panel (room for a colour bar, say).</summary>
    /// <value>Default 25.</value>
    public float RightPadding { get; init; } = 25;

    /// <summary>Saves a PNG image.</summary>
    /// <param name="path">Output file.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public void SavePng(string path, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        Render(surface.Canvas, width, height);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var stream = File.Create(path);
        data.SaveTo(stream);
    }

    /// <summary>Saves an SVG image.</summary>
    /// <param name="path">Output file.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public void SaveSvg(string path, int width, int height)
    {
        using var stream = File.Create(path);
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
        {
            Render(canvas, width, height);
        }
    }

    private void Render(SKCanvas canvas, int width, int height)
    {
        canvas.Clear(SKColors.White);
        float total = HeightFractions.Sum();
        float top = 0;
        for (int i = 0; i < Plots.Count; i++)
        {
            float h = height * HeightFractions[i] / total;
            bool last = i == Plots.Count - 1;
            Plots[i].Layout.Fixed(new PixelPadding(LeftPadding, RightPadding, last ? 70 : 10, i == 0 ? 20 : 5));
            canvas.Save();
            canvas.ClipRect(new SKRect(0, top, width, top + h));
            canvas.Translate(0, top);
            Plots[i].Render(canvas, new PixelRect(new Pixel(0, 0), new Pixel(width, h)));
            canvas.Restore();
            top += h;
        }
    }
}
