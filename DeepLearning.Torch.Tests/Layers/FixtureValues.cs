using System.Text.Json;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>Reads the nested number arrays of the PyTorch fixtures (Fixtures/Layers/*.json) and compares tensors with them to 1e-5.</summary>
internal static class FixtureValues
{
    /// <summary>The "cases" object of the fixture file <paramref name="file"/> in Fixtures/Layers.</summary>
    public static JsonElement Cases(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Layers", file))).RootElement.GetProperty("cases");

    /// <summary>The fixture's numbers as a float32 tensor of <paramref name="shape"/>.</summary>
    public static Tensor Values(JsonElement values, long[] shape)
    {
        var flat = new List<float>();
        Flatten(values, flat);
        return tensor(flat.ToArray()).reshape(shape);
    }

    /// <summary>Fails when <paramref name="actual"/> differs from the fixture's values by more than 1e-5 anywhere.</summary>
    public static void AssertClose(JsonElement values, Tensor actual, string what)
    {
        using var expected = Values(values, actual.shape);
        double worst = actual.sub(expected).abs().max().item<float>();
        Assert.True(worst <= 1e-5, $"{what}: largest difference from PyTorch {worst:E2} > 1e-5");
    }

    private static void Flatten(JsonElement e, List<float> into)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray()) Flatten(item, into);
        }
        else
        {
            into.Add((float)e.GetDouble());
        }
    }
}
