using SkiaSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Plotting;

/// <summary>A temporary output folder (kept when DLT_PLOT_TEST_DIR names one) and image checks.</summary>
public sealed class PlotOutput : IDisposable
{
    private readonly bool _keep;

    public PlotOutput()
    {
        string? keep = Environment.GetEnvironmentVariable("DLT_PLOT_TEST_DIR");
        _keep = !string.IsNullOrEmpty(keep);
        Directory = _keep ? System.IO.Directory.CreateDirectory(keep!).FullName
            : System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "dlt-plots-" + Guid.NewGuid().ToString("N"))).FullName;
    }

    public string Directory { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>Asserts a PNG of the given size whose pixels are not all alike (something was drawn).</summary>
    public static void AssertPicture(string path, int width, int height)
    {
        Assert.True(File.Exists(path), path);
        Assert.True(new FileInfo(path).Length > 5_000, $"{path} is only {new FileInfo(path).Length} bytes");
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        int nonWhite = 0;
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                colours.Add((uint)c);
                nonWhite += c.Red < 240 || c.Green < 240 || c.Blue < 240 ? 1 : 0;
            }
        }

        double fraction = nonWhite / (bitmap.Width * bitmap.Height / 4.0);
        Assert.True(fraction is > 0.01 and < 0.9, $"non-white fraction {fraction:F3}");
        Assert.True(colours.Count > 20, $"only {colours.Count} colours");
    }

    /// <summary>Asserts an SVG file with drawing elements.</summary>
    public static void AssertSvg(string path)
    {
        string text = File.ReadAllText(path);
        Assert.StartsWith("<?xml", text.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("<svg", text, StringComparison.Ordinal);
        Assert.True(text.Length > 5_000, $"{path} is only {text.Length} characters");
    }

    public void Dispose()
    {
        if (!_keep)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
