using System.Text.Json;
using Xunit;

namespace DeepLearning.Torch.Tests.Evaluation;

/// <summary>Reads Fixtures/Evaluation/evaluation_fixtures.json (written by make_fixtures.py with scikit-learn 1.2.1).</summary>
internal static class EvaluationFixtures
{
    public const double Tolerance = 1e-9;

    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Evaluation", "evaluation_fixtures.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static IEnumerable<object[]> Cases(string section) =>
        Enumerable.Range(0, Root.GetProperty(section).GetArrayLength()).Select(i => new object[] { i });

    public static JsonElement Case(string section, int i) => Root.GetProperty(section)[i];

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    public static double[]? OptionalDoubles(this JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).Doubles();

    public static double[,] Matrix(this JsonElement e)
    {
        var rows = e.EnumerateArray().Select(r => r.Doubles()).ToArray();
        var m = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < rows[i].Length; j++)
            {
                m[i, j] = rows[i][j];
            }
        }

        return m;
    }

    public static double MaxAbsDiff(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        double worst = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        return worst;
    }

    public static void AllClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance = Tolerance)
    {
        double worst = MaxAbsDiff(expected, actual);
        Assert.True(worst <= tolerance, $"max |difference| {worst:G3} > {tolerance:G3}");
    }
}
