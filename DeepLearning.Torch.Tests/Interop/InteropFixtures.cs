using System.Text.Json;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Interop;

/// <summary>The files of Fixtures/Interop (made by make_fixtures.py with PyTorch 1.13) and the equivalent model.</summary>
internal static class InteropFixtures
{
    internal static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Interop");

    internal static readonly JsonElement Json = JsonDocument.Parse(System.IO.File.ReadAllText(File("interop.json"))).RootElement;

    internal static string File(string name) => Path.Combine(Folder, name);

    /// <summary>The fixture script's Net in our vocabulary: the same names, Torch preset (BatchNorm epsilon 1e-5).</summary>
    internal static Model BuildCnn(int units = 3) => new Sequential("cnn")
    {
        new Input(2, 6, 6), new Conv2D(4, 3), new BatchNormalization(), Activation.Relu, new Flatten(), new Dense(units),
    }.Build(seed: 3);

    /// <summary>Our eval-mode output on the fixture's input equals PyTorch's to 1e-5.</summary>
    internal static void AssertCnnGivesPyTorchOutputs(Model model)
    {
        model.eval();
        using var x = Values(Json.GetProperty("cnn").GetProperty("input"));
        using var expected = Values(Json.GetProperty("cnn").GetProperty("output"));
        using var y = model.forward(x);
        Assert.Equal(expected.shape, y.shape);
        double worst = y.sub(expected).abs().max().item<float>();
        Assert.True(worst <= 1e-5, $"largest difference from PyTorch {worst:E2} > 1e-5");
    }

    /// <summary>A nested JSON array of numbers as a float32 tensor of its shape.</summary>
    internal static Tensor Values(JsonElement e)
    {
        var shape = new List<long>();
        for (var level = e; level.ValueKind == JsonValueKind.Array; level = level[0]) shape.Add(level.GetArrayLength());
        var values = new List<float>();
        Flatten(e, values);
        return tensor(values.ToArray()).reshape(shape.ToArray());
    }

    private static void Flatten(JsonElement e, List<float> into)
    {
        if (e.ValueKind != JsonValueKind.Array) { into.Add((float)e.GetDouble()); return; }
        foreach (var item in e.EnumerateArray()) Flatten(item, into);
    }
}
