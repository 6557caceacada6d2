using System.Globalization;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.IO;

namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Classifier outputs read from a CSV file with a header. Binary: columns <c>score,label</c> (labels 0/1) and an
/// optional <c>weight</c>. Multi-class: one probability column per class, named <c>p0..pK-1</c> or by class
/// name, then <c>label</c> (class index, or class name when the columns are named by class), optional
/// <c>weight</c>. An optional <c>split</c> column (<c>train</c>/<c>test</c>) marks training samples for the
/// overtraining check; metrics use the test samples (all samples when there is no split column).
/// </summary>
public sealed class ScoreTable
{
    private ScoreTable(IReadOnlyList<string> classNames, double[,] probabilities, int[] labels, double[]? weights, bool[]? isTrain)
    {
        ClassNames = classNames;
        Probabilities = probabilities;
        Labels = labels;
        Weights = weights;
        IsTrain = isTrain;
    }

    /// <summary>A binary table from in-memory scores (e.g. a model's test predictions).</summary>
    /// <param name="scores">Score of class 1 per sample; finite.</param>
    /// <param name="labels">True label per sample, 0 or 1.</param>
    /// <param name="weights">Sample weights, or null.</param>
    /// <param name="isTrain">Whether each sample is a training sample (for the overtraining check), or null.</param>
    /// <exception cref="ArgumentException">Lengths differ, input is empty, a score is NaN or a label is not 0/1.</exception>
    public static ScoreTable FromBinary(double[] scores, int[] labels, double[]? weights = null, bool[]? isTrain = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        InputChecks.NotEmpty<double>(scores, nameof(scores));
        InputChecks.SameLength(scores.Length, labels.Length, nameof(scores), nameof(labels));
        InputChecks.Weights(weights, scores.Length, nameof(weights));
        if (isTrain is not null)
            InputChecks.SameLength(scores.Length, isTrain.Length, nameof(scores), nameof(isTrain));

        InputChecks.Finite(scores, nameof(scores));
        ClassLabels.Check(labels, 2, nameof(labels));
        var matrix = new double[scores.Length, 1];
        for (int i = 0; i < scores.Length; i++) matrix[i, 0] = scores[i];
        return new ScoreTable(["0", "1"], matrix, (int[])labels.Clone(), (double[]?)weights?.Clone(), (bool[]?)isTrain?.Clone());
    }

    /// <summary>A multi-class table from in-memory class probabilities (e.g. a model's softmax outputs on the test set).</summary>
    /// <param name="probabilities">One row per sample, one column per class (at least 2); rows summing to 1.</param>
    /// <param name="labels">True class index per sample.</param>
    /// <param name="weights">Sample weights, or null.</param>
    /// <param name="isTrain">Whether each sample is a training sample (for the overtraining check), or null.</param>
    /// <param name="classNames">Class names, one per column; by default 0..K-1.</param>
    /// <exception cref="ArgumentException">Lengths differ, input is empty, a row is not a probability row, a label is
    /// outside the classes, or the number of names is wrong.</exception>
    public static ScoreTable FromProbabilities(double[,] probabilities, int[] labels, double[]? weights = null, bool[]? isTrain = null,
        IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        int n = probabilities.GetLength(0), k = probabilities.GetLength(1);
        var names = ConfusionMatrix.Names(k, classNames);
        InputChecks.NotEmpty<int>(labels, nameof(labels));
        InputChecks.SameLength(n, labels.Length, nameof(probabilities), nameof(labels));
        InputChecks.Weights(weights, n, nameof(weights));
        if (isTrain is not null)
            InputChecks.SameLength(n, isTrain.Length, nameof(probabilities), nameof(isTrain));

        InputChecks.ProbabilityRows(probabilities, nameof(probabilities));
        ClassLabels.Check(labels, k, nameof(labels));
        return new ScoreTable(names, (double[,])probabilities.Clone(), (int[])labels.Clone(), (double[]?)weights?.Clone(), (bool[]?)isTrain?.Clone());
    }

    /// <summary>
    /// A table straight from a model's outputs (tensors on any device and of any real dtype, copied to the CPU and left
    /// untouched): one output per sample ([N] or [N, 1]) gives a binary table, class outputs [N, C] a multi-class one.
    /// </summary>
    /// <param name="labels">True classes as <see cref="ClassLabels"/> reads them.</param>
    /// <param name="scores">Outputs [N], [N, 1] or [N, C]; see <paramref name="kind"/>.</param>
    /// <param name="weights">Optional sample weights [N] or [N, 1].</param>
    /// <param name="isTrain">Optional training flags [N] (bool, or non-zero for training samples).</param>
    /// <param name="kind">What <paramref name="scores"/> holds. The report cuts binary scores at
    /// <see cref="Plotting.ScoreReportOptions.Threshold"/> and histograms them, so this matters: probabilities (the
    /// default) are checked to lie in [0, 1] (rows summing to 1), logits are turned into probabilities (sigmoid, softmax),
    /// and <see cref="ScoreKind.Scores"/> keeps binary scores of any scale as they are.</param>
    /// <param name="classNames">Class names of multi-class outputs; by default 0..C-1.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, the labels are not class labels, or the scores are
    /// not of the given kind.</exception>
    public static ScoreTable FromTensors(TorchSharp.torch.Tensor labels, TorchSharp.torch.Tensor scores, TorchSharp.torch.Tensor? weights = null,
        TorchSharp.torch.Tensor? isTrain = null, ScoreKind kind = ScoreKind.Probabilities, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var w = TensorInput.Weights(weights, nameof(weights));
        var train = isTrain is null ? null : TensorInput.Flags(isTrain, nameof(isTrain));
        if (scores.dim() == 2 && scores.shape[1] > 1)
        {
            var p = TensorInput.ClassScores(scores, kind, nameof(scores));
            return FromProbabilities(p, TensorInput.Labels(labels, p.GetLength(1), nameof(labels)), w, train, classNames);
        }

        return FromBinary(TensorInput.BinaryScores(scores, kind, nameof(scores)), TensorInput.Labels(labels, 2, nameof(labels)), w, train);
    }

    /// <summary>Whether the table is binary (a single score column).</summary>
    public bool IsBinary => Probabilities.GetLength(1) == 1;

    /// <summary>Class names: "0", "1" for binary tables; the column names (without a "p" prefix on p0..pK-1) otherwise.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Scores, one row per sample: one column (score of class 1) for binary tables, K otherwise.</summary>
    public double[,] Probabilities { get; }

    /// <summary>True class index of each sample.</summary>
    public int[] Labels { get; }

    /// <summary>Sample weights, or null when the file has no weight column.</summary>
    public double[]? Weights { get; }

    /// <summary>Whether each sample belongs to the training set, or null when the file has no split column.</summary>
    public bool[]? IsTrain { get; }

    /// <summary>Column <paramref name="column"/> of <see cref="Probabilities"/> for the selected samples.</summary>
    /// <param name="column">Column index.</param>
    /// <param name="train">true: training samples, false: test samples, null: all.</param>
    public double[] Column(int column, bool? train = null) => Rows(train).Select(i => Probabilities[i, column]).ToArray();

    /// <summary>Labels of the selected samples.</summary>
    /// <param name="train">true: training samples, false: test samples, null: all.</param>
    public int[] SelectLabels(bool? train = null) => Rows(train).Select(i => Labels[i]).ToArray();

    /// <summary>Weights of the selected samples (null without a weight column).</summary>
    /// <param name="train">true: training samples, false: test samples, null: all.</param>
    public double[]? SelectWeights(bool? train = null) => Weights is null ? null : Rows(train).Select(i => Weights[i]).ToArray();

    /// <summary>Probabilities of the selected samples.</summary>
    /// <param name="train">true: training samples, false: test samples, null: all.</param>
    public double[,] SelectProbabilities(bool? train = null)
    {
        var rows = Rows(train).ToArray();
        int k = Probabilities.GetLength(1);
        var result = new double[rows.Length, k];
        for (int r = 0; r < rows.Length; r++)
        {
            for (int c = 0; c < k; c++)
                result[r, c] = Probabilities[rows[r], c];
        }

        return result;
    }

    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header or a value is not as described above (message names file, line and column).</exception>
    public static ScoreTable ReadCsv(string path)
    {
        var csv = CsvTable.Read(path, "Score file", "score,label");
        var columns = csv.Columns;
        int labelCol = Array.IndexOf(columns, "label");
        int weightCol = Array.IndexOf(columns, "weight");
        int splitCol = Array.IndexOf(columns, "split");
        if (labelCol < 0)
        {
            throw new InvalidDataException($"{path}: the header '{csv.Header}' has no 'label' column.");
        }

        var scoreCols = Enumerable.Range(0, columns.Length).Where(i => i != labelCol && i != weightCol && i != splitCol).ToArray();
        bool binary = scoreCols.Length == 1 && columns[scoreCols[0]] == "score";
        if (!binary && scoreCols.Length < 2)
        {
            throw new InvalidDataException($"{path}: expected a 'score' column (binary) or one probability column per class, got header '{csv.Header}'.");
        }

        var names = binary ? new[] { "0", "1" } : scoreCols.Select(i => columns[i]).ToArray();
        if (!binary && names.Select((n, k) => n == "p" + k.ToString(CultureInfo.InvariantCulture)).All(x => x))
            names = names.Select(n => n[1..]).ToArray();

        if (csv.Rows.Count == 0)
        {
            throw new InvalidDataException($"{path}: no data rows after the header.");
        }

        var matrix = new double[csv.Rows.Count, scoreCols.Length];
        var labels = new int[csv.Rows.Count];
        var weights = weightCol >= 0 ? new double[csv.Rows.Count] : null;
        var split = splitCol >= 0 ? new bool[csv.Rows.Count] : null;
        for (int r = 0; r < csv.Rows.Count; r++)
        {
            var (lineNo, cells) = csv.Rows[r];
            for (int c = 0; c < scoreCols.Length; c++)
                matrix[r, c] = Number(cells[scoreCols[c]], path, lineNo, columns[scoreCols[c]]);

            labels[r] = Label(cells[labelCol], names, binary, path, lineNo);
            if (weights is not null)
                weights[r] = Number(cells[weightCol], path, lineNo, "weight");

            if (split is not null)
            {
                split[r] = cells[splitCol] switch
                {
                    "train" => true,
                    "test" => false,
                    _ => throw new InvalidDataException($"{path}:{lineNo}: column 'split': expected 'train' or 'test', got '{cells[splitCol]}'."),
                };
            }
        }

        return new ScoreTable(names, matrix, labels, weights, split);
    }

    /// <summary>Rows of a selection; without a split column every sample counts as a test sample.</summary>
    private IEnumerable<int> Rows(bool? train)
    {
        var all = Enumerable.Range(0, Labels.Length);
        if (train is null)
            return all;

        if (IsTrain is null)
            return train.Value ? [] : all;

        return all.Where(i => IsTrain[i] == train.Value);
    }

    private static double Number(string text, string path, int line, string column)
    {
        string t = text.Trim().Trim('"');
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new InvalidDataException($"{path}:{line}: column '{column}': expected a finite number, got '{t}'.");
        }

        return v;
    }

    private static int Label(string text, string[] names, bool binary, string path, int line)
    {
        int k = binary ? 2 : names.Length;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index) && index >= 0 && index < k)
            return index;

        int byName = binary ? -1 : Array.IndexOf(names, text);
        if (byName >= 0)
            return byName;

        throw new InvalidDataException(
            $"{path}:{line}: column 'label': expected {(binary ? "0 or 1" : $"a class index 0..{k - 1} or one of {string.Join(", ", names)}")}, got '{text}'.");
    }
}
