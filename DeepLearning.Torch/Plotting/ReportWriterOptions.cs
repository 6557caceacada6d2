namespace DeepLearning.Torch.Plotting;

/// <summary>Settings of <see cref="ReportWriter"/>.</summary>
public sealed class ReportWriterOptions
{
    /// <summary>Figure width in pixels.</summary>
    /// <value>Default 800; at least 100.</value>
    public int Width { get; init; } = HouseStyle.Width;

    /// <summary>Figure height in pixels.</summary>
    /// <value>Default 600; at least 100.</value>
    public int Height { get; init; } = HouseStyle.Height;

    /// <summary>Whether figures are saved as PNG.</summary>
    /// <value>Default true.</value>
    public bool Png { get; init; } = true;

    /// <summary>Whether figures are saved as SVG.</summary>
    /// <value>Default true.</value>
    public bool Svg { get; init; } = true;

    /// <summary>Title of report.md.</summary>
    /// <value>Default "Evaluation report".</value>
    public string Title { get; init; } = "Evaluation report";

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 100.</exception>
    /// <exception cref="ArgumentException">Neither PNG nor SVG is selected.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 100, nameof(Width));
        ArgumentOutOfRangeException.ThrowIfLessThan(Height, 100, nameof(Height));
        if (!Png && !Svg)
        {
            throw new ArgumentException("Expected at least one image format (Png or Svg).", nameof(Png));
        }
    }
}
