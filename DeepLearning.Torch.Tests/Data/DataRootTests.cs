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
        Assert.Null(Environment.GetEnvironmentVariable(DataRoot.EnvironmentVariable));
        Assert.Equal(TestData.Shared("cifar-10-batches-bin"), DataRoot.Locate("cifar-10-batches-bin"));
        Assert.Equal(TestData.RepositoryRoot, DataRoot.FindRepositoryRoot());
    }

    [Fact]
    public void Locate_MissingEntry_ListsEverySearchedPlace()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => DataRoot.Locate("no-such-dataset"));
        Assert.Contains(Path.Combine(TestData.RepositoryRoot, "data", "no-such-dataset") + " (repository data folder)", e.Message);
        Assert.Contains("(shared data beside the repository)", e.Message);
    }
}
