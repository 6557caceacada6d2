using DeepLearning.Torch.Data;
using Xunit;

namespace DeepLearning.Torch.Tests.Data;

public sealed class Hls4mlFilesTests
{
    [Fact]
    public void Locate_LayoutSamples_ListsFilesAndJetCounts()
    {
        var files = Hls4mlFiles.Locate(TestData.Shared());
        Assert.Equal(TestData.Shared("hls4ml-format"), files.Folder);
        Assert.Equal(2, files.Files.Count);
        Assert.Equal($"Found in {files.Folder}: 600 jets in 2 file(s), jetImage_toy_100p_0_300.h5 300 jets, jetImage_toy_100p_300_600.h5 300 jets " +
                     "(HLS4ML jet layout, 100x100 images, classes g, q, W, Z, t)", files.Description);
    }

    [Fact]
    public void LocateOrWriteToy_GivenFolderWithoutFiles_ThrowsAndWritesNoToyJets()
    {
        using var temp = new TestData.TempFolder();
        var e = Assert.Throws<DirectoryNotFoundException>(() => Hls4mlFiles.LocateOrWriteToy(temp.Path, temp.File("toy"), seed: 1));
        Assert.Contains(Path.Combine(temp.Path, "hls4ml", "**", "jetImage_*.h5"), e.Message);
        Assert.False(Directory.Exists(temp.File("toy")));
    }
}
