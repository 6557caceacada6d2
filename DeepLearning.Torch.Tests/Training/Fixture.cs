using System.Text.Json;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>Reads the JSON fixtures written by Fixtures/Training/make_fixtures.py.</summary>
internal static class Fixture
{
    internal static JsonElement Load(string name)
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Training", name))).RootElement;

    internal static double[] Vector(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    internal static double[,] Matrix(JsonElement e)
    {
        var rows = e.EnumerateArray().Select(Vector).ToArray();
        var m = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows[0].Length; j++) m[i, j] = rows[i][j];
        return m;
    }

    /// <summary>A float64 tensor from a JSON vector or matrix.</summary>
    internal static Tensor Tensor(JsonElement e, ScalarType dtype = ScalarType.Float64)
        => e[0].ValueKind == JsonValueKind.Array
            ? tensor(Matrix(e), dtype: ScalarType.Float64).to_type(dtype)
            : tensor(Vector(e), dtype: ScalarType.Float64).to_type(dtype);

    internal static Tensor Longs(JsonElement e) => tensor(e.EnumerateArray().Select(v => v.GetInt64()).ToArray());
}
