using DeepLearning.Torch.Data;
using Xunit;

namespace DeepLearning.Torch.Tests.Data;

public sealed class Cifar10FilesTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Locate_DataFolderOrTheCifarFolderItself_FindsTheSharedFiles(bool cifarFolderItself)
    {
        string folder = TestData.Shared("cifar-10-batches-bin");
        var files = Cifar10Files.Locate(cifarFolderItself ? folder : TestData.Shared());
        Assert.Equal(folder, files.Folder);
        Assert.Equal(Path.Combine(folder, "test_batch_first1000.bin"), files.TestFile);
        Assert.Equal($"Found in {folder}: data_batch_1..5.bin 50,000 training images, test_batch_first1000.bin 1,000 test images " +
                     "(CIFAR-10 binary layout, 32x32 RGB, 10 classes)", files.Description);
    }

    [Fact]
    public void ReadTraining_Limit_KeepsTheFirstImages()
    {
        var files = Cifar10Files.Locate(TestData.Shared());
        using var some = files.ReadTraining(limit: 7);
        Assert.Equal(7, some.Count);
        Assert.Equal(7, some.Labels.shape[0]);
    }

    [Fact]
    public void Locate_EmptyFolder_NamesTheFilesLookedFor()
    {
        using var temp = new TestData.TempFolder();
        var e = Assert.Throws<DirectoryNotFoundException>(() => Cifar10Files.Locate(temp.Path));
        Assert.Contains(Path.Combine(temp.Path, "cifar-10-batches-bin", "data_batch_1.bin"), e.Message);
        Assert.Contains(Path.Combine(temp.Path, "test_batch.bin"), e.Message);
    }
}
