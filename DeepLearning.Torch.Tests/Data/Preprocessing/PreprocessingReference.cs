using System.Text.Json;
using TorchSharp;

namespace DeepLearning.Torch.Tests.Data.Preprocessing;

/// <summary>Reads preprocessing_reference.json (written by make_preprocessing_fixtures.py with scikit-learn).</summary>
internal static class PreprocessingReference
{
    public static JsonElement Get(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Fixture("preprocessing_reference.json")));
        return doc.RootElement.GetProperty(name).Clone();
    }

    /// <summary>A nested JSON array of numbers as a float64 tensor.</summary>
    public static torch.Tensor Tensor(string name)
    {
        var e = Get(name);
        var shape = new List<long>();
        for (var cur = e; cur.ValueKind == JsonValueKind.Array; cur = cur[0]) shape.Add(cur.GetArrayLength());
        var values = new List<double>();
        Flatten(e, values);
        return torch.tensor(values.ToArray(), shape.ToArray(), torch.ScalarType.Float64);
    }

    private static void Flatten(JsonElement e, List<double> values)
    {
        if (e.ValueKind == JsonValueKind.Array) foreach (var c in e.EnumerateArray()) Flatten(c, values);
        else values.Add(e.GetDouble());
    }
}
