using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Jets;
using Xunit;

namespace DeepLearning.Torch.Tests.Data;

public sealed class TopTaggingFilesTests
{
    [Fact]
    public void Locate_FolderHoldingTheFiles_DescribesWhatIsThere()
    {
        using var temp = new TestData.TempFolder();
        ToyJetWriter.WriteTopTagging(temp.File("train.h5"), 30, seed: 1, constituents: 5);
        ToyJetWriter.WriteTopTagging(temp.File("test.h5"), 20, seed: 2, constituents: 5);
        var files = TopTaggingFiles.Locate(temp.Path);
        Assert.Equal(temp.Path, files.Folder);
        Assert.Null(files.Validation);
        Assert.False(files.IsToy);
        Assert.Equal($"Found in {temp.Path}: train.h5 30 jets, test.h5 20 jets (top-tagging layout: pandas table, 5 constituents E, px, py, pz per jet)", files.Description);
        using var train = files.ReadTraining(limit: 12);
        Assert.Equal(12, train.Count);
        using var all = files.ReadTraining(limit: 1000);
        Assert.Equal(30, all.Count);
    }

    [Fact]
    public void Locate_DataFolderAboveTheLayoutSamples_UsesTheKnownSubFolder()
    {
        var files = TopTaggingFiles.Locate(TestData.Shared());
        Assert.Equal(TestData.Shared("toptagging-format"), files.Folder);
        Assert.Equal(TestData.Shared("toptagging-format", "val.h5"), files.Validation);
        Assert.Contains("train.h5 2,000 jets, val.h5 500 jets, test.h5 500 jets", files.Description);
        Assert.DoesNotContain("Reference Dataset", files.Description);
    }

    [Fact]
    public void LocateOrWriteToy_GivenFolderWithoutFiles_ThrowsAndWritesNoToyJets()
    {
        using var temp = new TestData.TempFolder();
        string toy = temp.File("toy");
        var e = Assert.Throws<DirectoryNotFoundException>(() => TopTaggingFiles.LocateOrWriteToy(temp.File("empty"), toy, seed: 1));
        Assert.Contains(Path.Combine(temp.Path, "empty", "toptagging", "train.h5"), e.Message);
        Assert.Contains(Path.Combine(temp.Path, "empty", "test.h5"), e.Message);
        Assert.False(Directory.Exists(toy));
    }

    [Fact]
    public void LocateOrWriteToy_NoFolderGiven_FindsTheSharedLayoutSamples()
    {
        string? saved = Environment.GetEnvironmentVariable(DataRoot.EnvironmentVariable);
        Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, null);
        try
        {
            using var temp = new TestData.TempFolder();
            var files = TopTaggingFiles.LocateOrWriteToy(null, temp.File("toy"), seed: 1);
            Assert.Equal(TestData.Shared("toptagging-format"), files.Folder);
            Assert.False(Directory.Exists(temp.File("toy")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, saved);
        }
    }
}
