using DeepLearning.Torch.Scans;
using Xunit;

namespace DeepLearning.Torch.Tests.Scans;

public class ScanSpecTests
{
    private const string Spec = """
        { "program": { "dll": "x.dll" }, "lists": [ { "--model": "dnn" }, { "--model": "cnn" } ],
          "grid": { "--batch-size": [64, 128] }, "seeds": [1, 2, 3] }
        """;

    [Fact]
    public void Expand_ListsGridSeeds_ProductInOrder()
    {
        var tasks = ScanSpec.Parse(Spec).Expand();
        Assert.Equal(12, tasks.Count);
        Assert.Equal(Enumerable.Range(0, 12), tasks.Select(t => t.Index));
        Assert.Equal("--batch-size 64 --model dnn", tasks[0].OptionsText);
        Assert.Equal([1L, 2, 3], tasks.Take(3).Select(t => t.Seed));
        Assert.Equal("--batch-size 128 --model cnn", tasks[11].OptionsText);
        Assert.Equal(4, tasks.Select(t => t.ConfigurationId).Distinct().Count());
        Assert.Equal(12, tasks.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public void Expand_ReorderedValues_SameIds()
    {
        var a = ScanSpec.Parse(Spec).Expand();
        var b = ScanSpec.Parse("""
            { "program": { "dll": "x.dll" }, "grid": { "--batch-size": [128, 64] },
              "lists": [ { "--model": "cnn" }, { "--model": "dnn" } ], "seeds": [3, 1, 2] }
            """).Expand();
        Assert.Equal(a.Select(t => t.Id).Order(), b.Select(t => t.Id).Order());
        Assert.Equal(a.Single(t => t.OptionsText == "--batch-size 64 --model dnn" && t.Seed == 2).Id,
            b.Single(t => t.OptionsText == "--batch-size 64 --model dnn" && t.Seed == 2).Id);
    }

    [Fact]
    public void ConfigurationId_KnownOptions_FixedValue()
    {
        // SHA-256 of "--batch-size=64\n--model=dnn\n", first 10 hex digits (python3 hashlib gives the same).
        var id = ScanSpec.ConfigurationId(new Dictionary<string, string> { ["--model"] = "dnn", ["--batch-size"] = "64" });
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("--batch-size=64\n--model=dnn\n"u8.ToArray()))[..10], id);
        Assert.NotEqual(id, ScanSpec.ConfigurationId(new Dictionary<string, string> { ["--model"] = "dnn", ["--batch-size"] = "128" }));
    }

    [Fact]
    public void Parse_SeedInGrid_RefusedNamingOption()
    {
        var e = Assert.Throws<InvalidDataException>(() => ScanSpec.Parse("""{ "program": { "dll": "x.dll" }, "grid": { "--seed": [1, 2] } }"""));
        Assert.Contains("--seed", e.Message);
    }

    [Fact]
    public void Parse_UnknownEntryOrNoProgram_Refused()
    {
        Assert.Contains("'seed'", Assert.Throws<InvalidDataException>(() => ScanSpec.Parse("""{ "program": { "dll": "x.dll" }, "seed": [1] }""")).Message);
        Assert.Contains("program", Assert.Throws<InvalidDataException>(() => ScanSpec.Parse("""{ "seeds": [1] }""")).Message);
    }

    [Fact]
    public void Expand_DuplicateConfiguration_Refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => ScanSpec.Parse("""{ "program": { "dll": "x.dll" }, "lists": [ { "--a": 1 }, { "--a": 1 } ] }""").Expand());
        Assert.Contains("--a 1", e.Message);
    }
}
