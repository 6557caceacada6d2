using System.Globalization;
using DeepLearning.Torch.Evaluation;
using ScottPlot;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// The overtraining check: the classifier-score distribution of each true class, training set as a filled
/// histogram and test set as points with statistical error bars, each normalised to unit area, with the
/// two-sample Kolmogorov-Smirnov p-value of training against test per class in the legend.
/// </summary>
public sealed class ScoreDistributionDisplay
{
    private readonly double[]? _trainScores;
    private readonly int[]? _trainLabels;
    private readonly double[] _testScores;
    private readonly int[] _testLabels;
    private readonly IReadOnlyList<string> _names;

    private ScoreDistributionDisplay(double[]? trainScores, int[]? trainLabels, double[] testScores, int[] testLabels, IReadOnlyList<string> names)
    {
        _trainScores = trainScores;
        _trainLabels = trainLabels;
        _testScores = testScores;
        _testLabels = testLabels;
        _names = names;
        KsTests = trainScores is null || trainLabels is null
            ? []
            : Enumerable.Range(0, names.Count)
                .Select(c => KolmogorovSmirnov.TwoSample(Select(trainScores, trainLabels, c), Select(testScores, testLabels, c)))
                .ToArray();
    }

    /// <summary>Number of histogram bins.</summary>
    /// <value>Default 40; at least 2.</value>
    public int Bins { get; init; } = 40;

    /// <summary>Kolmogorov-Smirnov test of training against test scores, per class (empty for a single set).</summary>
    public IReadOnlyList<KsTestResult> KsTests { get; }

    /// <summary>Creates the display.</summary>
    /// <param name="trainScores">Scores of the training samples (finite).</param>
    /// <param name="trainLabels">True class index of each training sample.</param>
    /// <param name="testScores">Scores of the test samples (finite).</param>
    /// <param name="testLabels">True class index of each test sample.</param>
    /// <param name="classNames">Class names; by default 0..K-1 with K = largest label + 1.</param>
    /// <exception cref="ArgumentException">Lengths differ, a set is empty, a score is not finite, a label is
    /// outside the classes, or a class is missing from the training or the test set.</exception>
    public static ScoreDistributionDisplay From(double[] trainScores, int[] trainLabels, double[] testScores, int[] testLabels,
        IReadOnlyList<string>? classNames = null)
    {
        var names = Validate(trainScores, trainLabels, testScores, testLabels, classNames, nameof(trainScores), nameof(trainLabels));
        return new ScoreDistributionDisplay(trainScores, trainLabels, testScores, testLabels, names);
    }

    /// <summary>Score distribution of each class of one data set (no training/test comparison, no KS test).</summary>
    /// <param name="scores">Scores (finite).</param>
    /// <param name="labels">True class index of each sample.</param>
    /// <param name="classNames">Class names; by default 0..K-1.</param>
    /// <exception cref="ArgumentException">As <see cref="From"/>.</exception>
    public static ScoreDistributionDisplay FromSingleSet(double[] scores, int[] labels, IReadOnlyList<string>? classNames = null)
    {
        var names = Validate(scores, labels, scores, labels, classNames, nameof(scores), nameof(labels));
        return new ScoreDistributionDisplay(null, null, scores, labels, names);
    }

    /// <summary>Draws the distributions into a new plot.</summary>
    public Plot Plot()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Bins, 2, nameof(Bins));
        var plot = HouseStyle.CreatePlot("Classifier score", "Normalised entries");
        var filled = _trainScores ?? _testScores;
        var filledLabels = _trainLabels ?? _testLabels;
        bool single = _trainScores is null;
        double lo = Math.Min(filled.Min(), _testScores.Min());
        double hi = Math.Max(filled.Max(), _testScores.Max());
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        double width = (hi - lo) / Bins;
        double yMax = 0;
        for (int c = 0; c < _names.Count; c++)
        {
            var color = HouseStyle.SeriesColor(c == 0 ? 1 : c == 1 ? 2 : c + 1);
            var (train, _) = Histogram(Select(filled, filledLabels, c), lo, width);
            var (test, testErr) = Histogram(Select(_testScores, _testLabels, c), lo, width);
            yMax = Math.Max(yMax, Math.Max(train.Max(), test.Zip(testErr, (v, e) => v + e).Max()));
            var stairsX = new double[(2 * Bins) + 2];
            var stairsY = new double[(2 * Bins) + 2];
            for (int b = 0; b < Bins; b++)
            {
                stairsX[(2 * b) + 1] = lo + (b * width);
                stairsX[(2 * b) + 2] = lo + ((b + 1) * width);
                stairsY[(2 * b) + 1] = stairsY[(2 * b) + 2] = train[b];
            }

            stairsX[0] = lo;
            stairsX[^1] = hi;
            var trainLine = plot.Add.ScatterLine(stairsX, stairsY, color);
            trainLine.LineWidth = 2;
            trainLine.FillY = true;
            trainLine.FillYValue = 0;
            trainLine.FillYColor = color.WithAlpha(0.2);
            trainLine.LegendText = single ? _names[c] : $"{_names[c]} (train)";
            if (single)
            {
                continue;
            }

            var centres = Enumerable.Range(0, Bins).Select(b => lo + ((b + 0.5) * width)).ToArray();
            var bars = plot.Add.ErrorBar(centres, test, testErr);
            bars.Color = color;
            bars.LineWidth = 1.5f;
            var points = plot.Add.ScatterPoints(centres, test, color);
            points.MarkerSize = 7;
            points.MarkerShape = MarkerShape.FilledCircle;
            points.LegendText = string.Create(CultureInfo.InvariantCulture, $"{_names[c]} (test), KS p = {KsTests[c].PValue:0.000}");
        }

        plot.Axes.SetLimits(lo - (0.02 * (hi - lo)), hi + (0.02 * (hi - lo)), 0, yMax * 1.45);
        HouseStyle.ShowLegend(plot, Alignment.UpperLeft);
        return plot;
    }

    private static IReadOnlyList<string> Validate(double[] trainScores, int[] trainLabels, double[] testScores, int[] testLabels,
        IReadOnlyList<string>? classNames, string trainScoresName, string trainLabelsName)
    {
        ArgumentNullException.ThrowIfNull(trainScores);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(testScores);
        ArgumentNullException.ThrowIfNull(testLabels);
        if (trainLabels.Length != trainScores.Length)
        {
            throw new ArgumentException($"Expected {trainScores.Length} labels (one per score), got {trainLabels.Length}.", trainLabelsName);
        }

        if (testLabels.Length != testScores.Length)
        {
            throw new ArgumentException($"Expected {testScores.Length} labels (one per test score), got {testLabels.Length}.", nameof(testLabels));
        }

        Evaluation.InputChecks.Finite(trainScores, trainScoresName);
        Evaluation.InputChecks.Finite(testScores, nameof(testScores));
        int k = classNames?.Count ?? Math.Max(trainLabels.DefaultIfEmpty(0).Max(), testLabels.DefaultIfEmpty(0).Max()) + 1;
        var names = classNames ?? Enumerable.Range(0, k).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        foreach (var (labels, name) in new[] { (trainLabels, trainLabelsName), (testLabels, nameof(testLabels)) })
        {
            for (int c = 0; c < k; c++)
            {
                if (!labels.Contains(c))
                {
                    throw new ArgumentException($"Class {c} ({names[c]}) has no samples.", name);
                }
            }

            int bad = Array.FindIndex(labels, l => l < 0 || l >= k);
            if (bad >= 0)
            {
                throw new ArgumentException($"Expected class labels in 0..{k - 1}, got {labels[bad]} at index {bad}.", name);
            }
        }

        return names;
    }

    private (double[] Density, double[] Error) Histogram(double[] values, double lo, double width)
    {
        var counts = new double[Bins];
        foreach (double v in values)
        {
            counts[Math.Clamp((int)((v - lo) / width), 0, Bins - 1)]++;
        }

        double norm = values.Length * width;
        return (counts.Select(n => n / norm).ToArray(), counts.Select(n => Math.Sqrt(n) / norm).ToArray());
    }

    private static double[] Select(double[] scores, int[] labels, int c)
    {
        var result = new List<double>();
        for (int i = 0; i < scores.Length; i++)
        {
            if (labels[i] == c)
            {
                result.Add(scores[i]);
            }
        }

        return result.ToArray();
    }
}
