using DeepLearning.Torch.Data;
using Xunit;

namespace DeepLearning.Torch.Tests.Data;

public class DataRootTests
{
    [Fact]
    public void Locate_ExplicitRoot_UsesOnlyIt()
    {
        string shared = TestData.Shared();
        Assert.Equal(Path.Combine(shared, "mnist"), DataRoot.Locate("mnist", shared));
        var e = Assert.Throws<DirectoryNotFoundException>(() => DataRoot.Locate("mnist", "/nonexistent/root"));
        Assert.Contains("/nonexistent/root/mnist (argument)", e.Message);
        Assert.Contains("The folder given, /nonexistent/root, does not exist", e.Message);
    }

    [Fact]
    public void Locate_NoArgument_FindsSharedDataBesideRepository()
    {
        string? saved = Environment.GetEnvironmentVariable(DataRoot.EnvironmentVariable);
        Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, null);
        try
        {
            Assert.Equal(TestData.Shared("cifar-10-batches-bin"), DataRoot.Locate("cifar-10-batches-bin"));
            Assert.Equal(TestData.RepositoryRoot, DataRoot.FindRepositoryRoot());
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void Locate_MissingEntry_ListsEverySearchedPlace()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => DataRoot.Locate("no-such-dataset"));
        Assert.Contains(Path.Combine(TestData.RepositoryRoot, "data", "no-such-dataset") + " (repository data folder)", e.Message);
        Assert.Contains("(shared data beside the repository)", e.Message);
    }

    [Fact]
    public void DescribeSearch_NowhereToSearch_SaysSoInsteadOfAnEmptyList()
    {
        string text = DataRoot.DescribeSearch([], null);
        Assert.StartsWith("There was nowhere to search: no data folder was passed, DEEPLEARNING_DATA is not set", text);
        Assert.DoesNotContain("Searched:", text);
    }

    [Fact]
    public void LocateDataset_GivenFolder_KnownSubFolderFirstThenTheFolderItself()
    {
        using var temp = new TestData.TempFolder();
        File.WriteAllText(temp.File("a.txt"), "");
        Assert.Equal(temp.Path, DataRoot.LocateDataset("test", ["set"], ["a.txt"], f => File.Exists(Path.Combine(f, "a.txt")), temp.Path));
        Directory.CreateDirectory(Path.Combine(temp.Path, "set"));
        File.WriteAllText(Path.Combine(temp.Path, "set", "a.txt"), "");
        Assert.Equal(Path.Combine(temp.Path, "set"), DataRoot.LocateDataset("test", ["set"], ["a.txt"], f => File.Exists(Path.Combine(f, "a.txt")), temp.Path));
    }

    [Fact]
    public void LocateDataset_GivenFolderWithoutFiles_NamesEachFileLookedForAndNothingElse()
    {
        using var temp = new TestData.TempFolder();
        var e = Assert.Throws<DirectoryNotFoundException>(() =>
            DataRoot.LocateDataset("test", ["set", "set-format"], ["a.h5", "b.h5"], _ => false, temp.Path));
        string[] lines = e.Message.Split(Environment.NewLine);
        Assert.Equal("No test files were found. Searched:", lines[0]);
        Assert.Equal($"  {temp.Path}/set/a.h5, {temp.Path}/set/b.h5 (argument)", lines[1]);
        Assert.Equal($"  {temp.Path}/set-format/a.h5, {temp.Path}/set-format/b.h5 (argument)", lines[2]);
        Assert.Equal($"  {temp.Path}/a.h5, {temp.Path}/b.h5 (argument)", lines[3]);
        Assert.StartsWith($"Only the folder given, {temp.Path}, was searched", lines[4]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public void LocateDataset_GivenFolderMissing_SaysItDoesNotExist()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => DataRoot.LocateDataset("test", ["set"], ["a.h5"], _ => true, "/nonexistent/root"));
        Assert.Contains("/nonexistent/root/set/a.h5 (argument)", e.Message);
        Assert.Contains("The folder given, /nonexistent/root, does not exist", e.Message);
    }

    [Fact]
    public void Locate_EnvironmentVariable_SearchedBeforeRepository()
    {
        using var temp = new TestData.TempFolder();
        Directory.CreateDirectory(Path.Combine(temp.Path, "mnist"));
        string? saved = Environment.GetEnvironmentVariable(DataRoot.EnvironmentVariable);
        Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, temp.Path);
        try
        {
            Assert.Equal(Path.Combine(temp.Path, "mnist"), DataRoot.Locate("mnist"));
            Assert.Equal(TestData.Shared("cifar-10-batches-bin"), DataRoot.Locate("cifar-10-batches-bin"));
            Assert.StartsWith("environment variable", DataRoot.Candidates()[0].Origin);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, saved);
        }
    }
}
