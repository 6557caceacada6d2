using System.IO.Compression;
using DeepLearning.Torch.Data;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data;

public class MnistReaderTests
{
    private static string Images => TestData.Shared("mnist", "t10k-images-idx3-ubyte.gz");
    private static string Labels => TestData.Shared("mnist", "t10k-labels-idx1-ubyte.gz");

    private static byte[] Gunzip(string path)
    {
        using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public void Read_TestSet_MatchesReference()
    {
        var reference = TestData.Reference("mnist");
        using var data = MnistReader.Read(Images, Labels, PixelFormat.Byte);
        Assert.Equal(new long[] { 10000, 1, 28, 28 }, data.Images.shape);
        Assert.Equal(TestData.Longs(reference.GetProperty("test_first_labels")), data.Labels[..10].data<long>().ToArray());
        Assert.Equal(7, data.Labels[0].item<long>());
        Assert.Equal(TestData.Longs(reference.GetProperty("test_class_counts")), data.Labels.bincount(null, 10).data<long>().ToArray());
        Assert.Equal(reference.GetProperty("test_image0_sum").GetInt64(), data.Images[0].to_type(torch.ScalarType.Int64).sum().item<long>());
        foreach (var p in reference.GetProperty("test_pixels").EnumerateArray())
        {
            long[] v = TestData.Longs(p);
            Assert.Equal(v[4], data.Images[v[0], v[1], v[2], v[3]].to_type(torch.ScalarType.Int64).item<long>());
        }
    }

    [Fact]
    public void ReadLabels_TrainingLabels_MatchReferenceCounts()
    {
        var reference = TestData.Reference("mnist");
        long[] labels = MnistReader.ReadLabels(TestData.Shared("mnist", "train-labels-idx1-ubyte.gz"));
        Assert.Equal(reference.GetProperty("train_label_count").GetInt64(), labels.Length);
        long[] counts = new long[10];
        foreach (long l in labels) counts[l]++;
        Assert.Equal(TestData.Longs(reference.GetProperty("train_class_counts")), counts);
    }

    [Fact]
    public void ReadImages_Uncompressed_SameAsGzip()
    {
        using var temp = new TestData.TempFolder();
        string plain = temp.File("t10k-images-idx3-ubyte");
        File.WriteAllBytes(plain, Gunzip(Images));
        using var a = MnistReader.ReadImages(plain);
        using var b = MnistReader.ReadImages(Images);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.True(a.max().item<float>() <= 1f);
    }

    [Fact]
    public void ReadImages_WrongMagic_ThrowsNamingExpected()
    {
        var e = Assert.Throws<DataFormatException>(() => MnistReader.ReadImages(Labels));
        Assert.Contains("magic number 2049; expected 2051", e.Message);
        Assert.Contains("label file", e.Message);
    }

    [Fact]
    public void ReadImages_HeaderClaimsHugeCount_RejectedBeforeAllocating()
    {
        using var temp = new TestData.TempFolder();
        string path = temp.File("huge-idx3-ubyte");
        byte[] header = [0, 0, 8, 3, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3];
        File.WriteAllBytes(path, header);
        var e = Assert.Throws<DataFormatException>(() => MnistReader.ReadImages(path));
        Assert.Contains("2147483647 images of 28 x 28", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_TruncatedAtRandomOffsets_Throws()
    {
        byte[] images = Gunzip(Images);
        byte[] gz = File.ReadAllBytes(Images);
        var random = new Random(11);
        using var temp = new TestData.TempFolder();
        for (int trial = 0; trial < 6; trial++)
        {
            string plain = temp.File($"plain{trial}");
            File.WriteAllBytes(plain, images[..random.Next(0, images.Length)]);
            var e = Assert.Throws<DataFormatException>(() => MnistReader.ReadImages(plain));
            Assert.Contains(plain, e.Message);
            Assert.Contains("truncated", e.Message);

            string zipped = temp.File($"zipped{trial}.gz");
            File.WriteAllBytes(zipped, gz[..random.Next(2, gz.Length - 64)]);
            var z = Assert.Throws<DataFormatException>(() => MnistReader.ReadImages(zipped));
            Assert.Contains(zipped, z.Message);
        }
    }

    [Fact]
    public void Read_CountMismatch_ThrowsNamingBothFiles()
    {
        var e = Assert.Throws<DataFormatException>(() => MnistReader.Read(Images, TestData.Shared("mnist", "train-labels-idx1-ubyte.gz")));
        Assert.Contains("60000 labels", e.Message);
        Assert.Contains("10000 images", e.Message);
    }

    [Fact]
    public void ReadLabels_LabelOutOfRange_ThrowsNamingIndex()
    {
        using var temp = new TestData.TempFolder();
        string path = temp.File("labels-idx1-ubyte");
        File.WriteAllBytes(path, [0, 0, 8, 1, 0, 0, 0, 3, 1, 10, 2]);
        var e = Assert.Throws<DataFormatException>(() => MnistReader.ReadLabels(path));
        Assert.Contains("label 1 is 10; expected 0..9", e.Message);
    }

    [Fact]
    public void ReadLabels_MissingFile_ThrowsFileNotFound()
    {
        var e = Assert.Throws<FileNotFoundException>(() => MnistReader.ReadLabels("/nonexistent/labels.gz"));
        Assert.Contains("/nonexistent/labels.gz", e.Message);
    }
}
