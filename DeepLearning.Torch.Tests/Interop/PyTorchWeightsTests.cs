using DeepLearning.Torch.Interop;
using DeepLearning.Torch.Models;
using Xunit;
using static DeepLearning.Torch.Tests.Interop.InteropFixtures;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Interop;

/// <summary>PyTorch 1.13 state dicts (Fixtures/Interop/make_fixtures.py) into our model, and ours out.</summary>
public class PyTorchWeightsTests
{
    private static readonly Dictionary<string, string> SequentialNames = new()
    {
        ["conv2d"] = "0", ["batch_normalization"] = "1", ["dense"] = "4",
    };

    [Fact]
    public void Load_TorchSaveFileWithSameNames_GivesPyTorchOutputs()
    {
        using var model = BuildCnn();
        var report = PyTorchWeights.Load(model, File("cnn.pt"));
        AssertCnnGivesPyTorchOutputs(model);
        Assert.Equal(8, report.Loaded.Count);      // conv2d, batch_normalization (4 incl. running statistics), dense
        Assert.Equal("batch_normalization.running_var", report.Loaded["batch_normalization.running_var"]);
        Assert.Equal(["batch_normalization.num_batches_tracked"], report.Ignored);
        Assert.Empty(report.Missing);
        Assert.Empty(report.Unexpected);
    }

    [Fact]
    public void Load_Safetensors_GivesPyTorchOutputs()
    {
        using var model = BuildCnn();
        PyTorchWeights.Load(model, File("cnn.safetensors"));
        AssertCnnGivesPyTorchOutputs(model);
    }

    [Fact]
    public void Load_SequentialNamesThroughPrefixMap_GivesPyTorchOutputs()
    {
        using var model = BuildCnn();
        var report = PyTorchWeights.Load(model, File("cnn_sequential.pt"), new PyTorchLoadOptions { Names = new WeightNameMap(SequentialNames) });
        AssertCnnGivesPyTorchOutputs(model);
        Assert.Equal("4.weight", report.Loaded["dense.weight"]);
        Assert.Equal("1.running_mean", report.Loaded["batch_normalization.running_mean"]);
    }

    [Fact]
    public void Load_FunctionNameMap_GivesPyTorchOutputs()
    {
        using var model = BuildCnn();
        var names = new WeightNameMap(name => name.Replace("conv2d.", "0.").Replace("batch_normalization.", "1.").Replace("dense.", "4."));
        PyTorchWeights.Load(model, File("cnn_sequential.pt"), new PyTorchLoadOptions { Names = names });
        AssertCnnGivesPyTorchOutputs(model);
    }

    [Fact]
    public void Load_OtherNamesStrict_NamesMissingAndUnexpectedAndLeavesTheModel()
    {
        using var model = BuildCnn();
        using var before = model.state_dict()["conv2d.weight"].clone();
        var e = Assert.Throws<WeightLoadException>(() => PyTorchWeights.Load(model, File("cnn_sequential.pt")));
        Assert.Contains("nothing was loaded", e.Message);
        Assert.Contains("missing in the file: 'conv2d.weight', 'conv2d.bias'", e.Message);
        Assert.Contains("unexpected in the file (no tensor of the model maps to them): '0.bias', '0.weight', '1.bias'", e.Message);
        Assert.Contains("'1.num_batches_tracked'", e.Message);
        Assert.True(model.state_dict()["conv2d.weight"].allclose(before, 0, 0));
    }

    [Fact]
    public void Load_NonStrict_LoadsWhatPairsAndReportsTheRest()
    {
        using var model = BuildCnn();
        var names = new WeightNameMap(new Dictionary<string, string> { ["conv2d"] = "0" });
        var report = PyTorchWeights.Load(model, File("cnn_sequential.pt"), new PyTorchLoadOptions { Strict = false, Names = names });
        Assert.Equal(["conv2d.bias", "conv2d.weight"], report.Loaded.Keys.Order());
        Assert.Contains("dense.weight", report.Missing);
        Assert.Contains("4.weight", report.Unexpected);
        Assert.Contains("1.num_batches_tracked", report.Unexpected);  // its running_mean went nowhere: not ours to ignore
    }

    [Fact]
    public void Load_ShapeMismatch_NamesBothTensorsAndShapesAndLeavesTheModel()
    {
        using var model = BuildCnn(units: 2);
        using var before = model.state_dict()["conv2d.weight"].clone();
        var e = Assert.Throws<WeightLoadException>(() =>
            PyTorchWeights.Load(model, File("cnn_sequential.pt"), new PyTorchLoadOptions { Names = new WeightNameMap(SequentialNames) }));
        Assert.Contains("shape of 'dense.weight' (2, 64) in the model, file tensor '4.weight' (3, 64)", e.Message);
        Assert.Contains("shape of 'dense.bias' (2,) in the model, file tensor '4.bias' (3,)", e.Message);
        Assert.True(model.state_dict()["conv2d.weight"].allclose(before, 0, 0));
    }

    [Fact]
    public void Load_Float64File_RefusedUnlessConversionAsked()
    {
        using var model = BuildCnn();
        var e = Assert.Throws<WeightLoadException>(() => PyTorchWeights.Load(model, File("cnn_float64.pt")));
        Assert.Contains("dtype of 'conv2d.weight' Float32 in the model, file tensor 'conv2d.weight' Float64 (ConvertFloatingTypes = true converts it)", e.Message);
        PyTorchWeights.Load(model, File("cnn_float64.pt"), new PyTorchLoadOptions { ConvertFloatingTypes = true });
        AssertCnnGivesPyTorchOutputs(model);
    }

    [Fact]
    public void Load_TwoNamesOnOneFileTensor_Refused()
    {
        using var model = BuildCnn();
        var names = new WeightNameMap(name => name.StartsWith("dense", StringComparison.Ordinal) ? "conv2d.bias" : name);
        var e = Assert.Throws<WeightLoadException>(() => PyTorchWeights.Load(model, File("cnn.pt"), new PyTorchLoadOptions { Names = names }));
        Assert.Contains("'dense.weight' and 'conv2d.bias' both map to the file's 'conv2d.bias'", e.Message);
    }

    [Theory]
    [InlineData("weights.pt")]
    [InlineData("weights.safetensors")]
    public void Save_ThenLoad_RoundTripsEveryTensorWithTheCounter(string fileName)
    {
        string folder = Directory.CreateTempSubdirectory("dltorch-interop-").FullName;
        try
        {
            using var source = BuildCnn();
            PyTorchWeights.Load(source, File("cnn.pt"));
            string path = Path.Combine(folder, fileName);
            PyTorchWeights.Save(source, path, new PyTorchSaveOptions { Names = new WeightNameMap(SequentialNames) });
            using var copy = BuildCnn();
            var report = PyTorchWeights.Load(copy, path, new PyTorchLoadOptions { Names = new WeightNameMap(SequentialNames) });
            Assert.Equal(["1.num_batches_tracked"], report.Ignored);    // written for PyTorch's BatchNorm2d
            AssertCnnGivesPyTorchOutputs(copy);
            foreach (var (name, tensor) in source.state_dict()) Assert.True(tensor.allclose(copy.state_dict()[name], 0, 0), name);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Our own weights (running statistics from training-mode batches), saved for PyTorch. With DLTORCH_INTEROP_EXPORT
    /// naming a folder, the files and our eval-mode output are left there for Fixtures/Interop/check_our_weights.py,
    /// which loads them into PyTorch 1.13's Net and nn.Sequential (run by hand; result in docs/INTEROP.md).
    /// </summary>
    [Fact]
    public void Save_TrainedBatchNormModel_ReloadsWithTheSameOutputs()
    {
        string folder = Environment.GetEnvironmentVariable("DLTORCH_INTEROP_EXPORT") is { Length: > 0 } export
            ? Directory.CreateDirectory(export).FullName : Directory.CreateTempSubdirectory("dltorch-interop-").FullName;
        try
        {
            using var model = BuildCnn();
            model.train();
            using (no_grad())
            {
                for (int i = 0; i < 3; i++) model.forward(randn(8, 2, 6, 6).mul(2).add(0.5)).Dispose();
            }
            model.eval();
            using var x = Values(Json.GetProperty("cnn").GetProperty("input"));
            using var y = model.forward(x);
            PyTorchWeights.Save(model, Path.Combine(folder, "ours_sequential.pt"), new PyTorchSaveOptions { Names = new WeightNameMap(SequentialNames) });
            PyTorchWeights.Save(model, Path.Combine(folder, "ours.safetensors"));
            System.IO.File.WriteAllText(Path.Combine(folder, "ours_output.json"),
                System.Text.Json.JsonSerializer.Serialize(y.data<float>().ToArray()));
            foreach (var (file, names) in new[] { ("ours_sequential.pt", new WeightNameMap(SequentialNames)), ("ours.safetensors", WeightNameMap.Identity) })
            {
                using var copy = BuildCnn();
                PyTorchWeights.Load(copy, Path.Combine(folder, file), new PyTorchLoadOptions { Names = names });
                copy.eval();
                using var again = copy.forward(x);
                Assert.True(again.allclose(y, 0, 0), file);
            }
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("DLTORCH_INTEROP_EXPORT") is not { Length: > 0 }) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_SafetensorsHeaderLargerThanTheFile_RefusedBeforeAllocating()
    {
        string path = Path.GetTempFileName();
        try
        {
            byte[] header = System.Text.Encoding.UTF8.GetBytes("{\"dense.weight\":{\"dtype\":\"F32\",\"shape\":[100000,100000],\"data_offsets\":[0,16]}}");
            System.IO.File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)header.Length), .. header, .. new byte[16]]);
            using var model = BuildCnn();
            var e = Assert.Throws<WeightLoadException>(() => PyTorchWeights.Load(model, path));
            Assert.Equal($"'{path}': the safetensors entry 'dense.weight' does not fit the file (shape of 10000000000 elements, bytes 0..16 of 16).", e.Message);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void Load_NotAWeightFile_SaysWhatItIs()
    {
        string path = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(path, "not weights");
            using var model = BuildCnn();
            var e = Assert.Throws<WeightLoadException>(() => PyTorchWeights.Load(model, path));
            Assert.Equal($"'{path}' is neither a torch.save archive (a zip file) nor safetensors (a JSON header).", e.Message);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
