using System.Globalization;
using System.Text;
using DeepLearning.Torch.Evaluation;
using TorchSharp;

namespace DeepLearning.Torch.Plotting;

/// <summary>The scores of a <see cref="RunResult"/> as arrays, checked, and written as the CSV that <see cref="ScoreTable.ReadCsv"/> reads.</summary>
internal sealed class RunScores
{
    private static readonly string[] Reserved = ["score", "label", "weight", "split"];

    private RunScores(double[,] scores, int[] labels, bool[] isTrain, IReadOnlyList<string> columns)
    {
        Scores = scores;
        Labels = labels;
        IsTrain = isTrain;
        Columns = columns;
    }

    /// <summary>One row per sample: one column (binary) or one per class.</summary>
    public double[,] Scores { get; }

    /// <summary>Label of each row.</summary>
    public int[] Labels { get; }

    /// <summary>Whether each row is a training sample.</summary>
    public bool[] IsTrain { get; }

    /// <summary>Header names of the score columns: <c>score</c>, or the class names (<c>p0..pK-1</c> when names are missing or unusable in a CSV header).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Whether there is a single score column.</summary>
    public bool IsBinary => Scores.GetLength(1) == 1;

    /// <summary>Converts and checks the result's tensors: test rows first, then training rows.</summary>
    public static RunScores Create(RunResult result)
    {
        if (result.TrainScores is null != result.TrainLabels is null)
            throw new ArgumentException("Expected TrainScores and TrainLabels together, got only one of them.", nameof(result));
        if (result.TestScores is null || result.TestLabels is null)
            throw new ArgumentException("Expected TestScores and TestLabels together, got only one of them.", nameof(result));
        var test = Part(result.TestScores, result.TestLabels, nameof(RunResult.TestScores));
        var train = result.TrainScores is null ? (Scores: new double[0, test.Scores.GetLength(1)], Labels: Array.Empty<int>())
            : Part(result.TrainScores, result.TrainLabels!, nameof(RunResult.TrainScores));
        int k = test.Scores.GetLength(1), nTest = test.Labels.Length, n = nTest + train.Labels.Length;
        if (train.Scores.GetLength(1) != k)
            throw new ArgumentException($"Expected training scores with {k} column(s) like the test scores, got {train.Scores.GetLength(1)}.", nameof(result));
        int classes = k == 1 ? 2 : k;
        var names = result.ClassNames;
        if (names is not null && names.Count != classes)
            throw new ArgumentException($"Expected {classes} class names for scores with {k} column(s), got {names.Count}.", nameof(result));
        var scores = new double[n, k];
        var labels = new int[n];
        var isTrain = new bool[n];
        for (int i = 0; i < n; i++)
        {
            var (source, row) = i < nTest ? (test, i) : (train, i - nTest);
            for (int c = 0; c < k; c++) scores[i, c] = source.Scores[row, c];
            labels[i] = source.Labels[row];
            isTrain[i] = i >= nTest;
            if (labels[i] < 0 || labels[i] >= classes)
                throw new ArgumentException($"Expected labels 0..{classes - 1}, got {labels[i]} for {(isTrain[i] ? "training" : "test")} sample {row}.", nameof(result));
        }
        return new RunScores(scores, labels, isTrain, k == 1 ? ["score"] : Header(names, k));
    }

    /// <summary>The CSV text: header <c>columns,label,split</c>, then one row per sample, values written round-trip exact.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder(string.Join(",", Columns)).Append(",label,split\n");
        for (int i = 0; i < Labels.Length; i++)
        {
            for (int c = 0; c < Scores.GetLength(1); c++) csv.Append(Scores[i, c].ToString("R", CultureInfo.InvariantCulture)).Append(',');
            csv.Append(Labels[i].ToString(CultureInfo.InvariantCulture)).Append(IsTrain[i] ? ",train\n" : ",test\n");
        }
        return csv.ToString();
    }

    private static (double[,] Scores, int[] Labels) Part(torch.Tensor scores, torch.Tensor labels, string name)
    {
        ArgumentNullException.ThrowIfNull(scores, name);
        ArgumentNullException.ThrowIfNull(labels, name);
        double[,] matrix;
        if (scores.dim() == 2 && scores.shape[1] >= 2)
        {
            matrix = TensorInput.ClassScores(scores, ScoreKind.Scores, name);
        }
        else
        {
            double[] values = TensorInput.Values(scores, name);
            matrix = new double[values.Length, 1];
            for (int i = 0; i < values.Length; i++) matrix[i, 0] = values[i];
        }
        int[] ints = TensorInput.Labels(labels, null, name);
        if (ints.Length != matrix.GetLength(0))
            throw new ArgumentException($"Expected one label per score row ({matrix.GetLength(0)}), got {ints.Length} labels.", name);
        if (ints.Length == 0) throw new ArgumentException("Expected at least one sample, got none.", name);
        return (matrix, ints);
    }

    /// <summary>The class names when they can be CSV header cells, else <c>p0..pK-1</c>.</summary>
    private static string[] Header(IReadOnlyList<string>? names, int k)
    {
        bool usable = names is not null && names.Distinct(StringComparer.Ordinal).Count() == k &&
                      names.All(n => n.Trim().Length > 0 && n == n.Trim() && !n.Contains(',') && !n.Contains('"') && !Reserved.Contains(n) &&
                                     !int.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        return usable ? names!.ToArray() : Enumerable.Range(0, k).Select(c => "p" + c.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}
