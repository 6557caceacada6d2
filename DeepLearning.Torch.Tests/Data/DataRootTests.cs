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
        Assert.Contains(DataRoot.EnvironmentVariable, e.Message);
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
