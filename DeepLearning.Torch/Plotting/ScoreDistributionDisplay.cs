using System.Globalization;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Evaluation;
using ScottPlot;
using Tensor = TorchSharp.torch.Tensor;

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
    /// <exception cref="ArgumentException">As <see cref="From(double[], int[], double[], int[], IReadOnlyList{string})"/>.</exception>
    public static ScoreDistributionDisplay FromSingleSet(double[] scores, int[] labels, IReadOnlyList<string>? classNames = null)
    {
        var names = Validate(scores, labels, scores, labels, classNames, nameof(scores), nameof(labels));
        return new ScoreDistributionDisplay(null, null, scores, labels, names);
    }

    /// <summary>Creates the display from a model's outputs (tensors on any device, copied to the CPU and left untouched).</summary>
    /// <param name="trainScores">Scores of the training samples, [N] or [N, 1], or two-class outputs [N, 2] (second column).</param>
    /// <param name="trainLabels">True classes of the training samples as <see cref="ClassLabels"/> reads them.</param>
    /// <param name="testScores">Scores of the test samples, shaped as <paramref name="trainScores"/>.</param>
    /// <param name="testLabels">True classes of the test samples.</param>
    /// <param name="classNames">Class names; by default 0..K-1.</param>
    /// <param name="kind">What the scores hold. The histograms show the scores as given with <see cref="ScoreKind.Scores"/>
    /// (the default), probabilities with <see cref="ScoreKind.Logits"/> (sigmoid applied) or <see cref="ScoreKind.Probabilities"/>
    /// (checked to lie in [0, 1]). The Kolmogorov-Smirnov p-values do not depend on it.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, labels are not class labels, or as the array overload.</exception>
    public static ScoreDistributionDisplay From(Tensor trainScores, Tensor trainLabels, Tensor testScores, Tensor testLabels,
        IReadOnlyList<string>? classNames = null, ScoreKind kind = ScoreKind.Scores)
        => From(TensorInput.BinaryScores(trainScores, kind, nameof(trainScores)), TensorInput.Labels(trainLabels, classNames?.Count, nameof(trainLabels)),
            TensorInput.BinaryScores(testScores, kind, nameof(testScores)), TensorInput.Labels(testLabels, classNames?.Count, nameof(testLabels)), classNames);

    /// <summary>Score distribution of each class of one data set, from tensors (see the training/test overload).</summary>
    /// <param name="scores">Scores [N] or [N, 1], or two-class outputs [N, 2].</param>
    /// <param name="labels">True classes as <see cref="ClassLabels"/> reads them.</param>
    /// <param name="classNames">Class names; by default 0..K-1.</param>
    /// <param name="kind">What the scores hold (default <see cref="ScoreKind.Scores"/>: drawn as given).</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, labels are not class labels, or as the array overload.</exception>
    public static ScoreDistributionDisplay FromSingleSet(Tensor scores, Tensor labels, IReadOnlyList<string>? classNames = null, ScoreKind kind = ScoreKind.Scores)
        => FromSingleSet(TensorInput.BinaryScores(scores, kind, nameof(scores)), TensorInput.Labels(labels, classNames?.Count, nameof(labels)), classNames);

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
            var trainLine = HouseStyle.AddFilledHistogram(plot, lo, width, train, color);
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
            ClassLabels.Check(labels, k, name);
            for (int c = 0; c < k; c++)
            {
                if (!labels.Contains(c))
                {
                    throw new ArgumentException($"Class {c} ({names[c]}) has no samples.", name);
                }
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
