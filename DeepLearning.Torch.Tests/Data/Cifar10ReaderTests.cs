using DeepLearning.Torch.Data;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data;

public class Cifar10ReaderTests
{
    private static string Dir => TestData.Shared("cifar-10-batches-bin");

    [Fact]
    public void Read_FirstBatch_Image0IsFrogWithKnownRedRow()
    {
        using var data = Cifar10Reader.Read([Path.Combine(Dir, "data_batch_1.bin")], PixelFormat.Byte);
        var reference = TestData.Reference("cifar10");
        Assert.Equal(new long[] { 10000, 3, 32, 32 }, data.Images.shape);
        Assert.Equal(torch.ScalarType.Byte, data.Images.dtype);
        Assert.Equal(6, data.Labels[0].item<long>());
        Assert.Equal("frog", data.ClassNames[6]);
        Assert.Equal(new long[] { 59, 43, 50, 68 }, data.Images[0, 0, 0, ..4].to_type(torch.ScalarType.Int64).data<long>().ToArray());
        Assert.Equal(TestData.Longs(reference.GetProperty("batch1_image0_red_row0")),
            data.Images[0, 0, 0].to_type(torch.ScalarType.Int64).data<long>().ToArray());
        Assert.Equal(TestData.Longs(reference.GetProperty("batch1_first_labels")), data.Labels[..10].data<long>().ToArray());
    }

    [Fact]
    public void ReadTraining_AllBatches_5000PerClassAndReferencePixels()
    {
        var reference = TestData.Reference("cifar10");
        using var data = Cifar10Reader.ReadTraining(Dir, PixelFormat.Float);
        Assert.Equal(50000, data.Count);
        using var counts = data.Labels.bincount(null, 10);
        Assert.Equal(TestData.Longs(reference.GetProperty("train_class_counts")), counts.data<long>().ToArray());
        Assert.All(counts.data<long>().ToArray(), c => Assert.Equal(5000, c));
        foreach (var p in reference.GetProperty("train_pixels").EnumerateArray())
        {
            long[] v = TestData.Longs(p);
            Assert.Equal((float)v[4], data.Images[v[0], v[1], v[2], v[3]].item<float>());
        }
        // Per-image sums (at most 3072 x 255 < 2^24) are exact in float32; their total is exact in int64.
        using var perImage = data.Images.view(50000, -1).sum(1L, false);
        using var total = perImage.to_type(torch.ScalarType.Int64).sum();
        Assert.Equal(reference.GetProperty("train_pixel_sum").GetInt64(), total.item<long>());
        // Speed is measured by bench/run.sh (side by side with numpy), not asserted here.
    }

    [Fact]
    public void Read_ScaledFloat_IsBytesOver255()
    {
        string file = Path.Combine(Dir, "test_batch_first1000.bin");
        using var bytes = Cifar10Reader.Read([file], PixelFormat.Byte);
        using var scaled = Cifar10Reader.Read([file]);
        var reference = TestData.Reference("cifar10");
        Assert.Equal(torch.ScalarType.Float32, scaled.Images.dtype);
        Assert.True(scaled.Images.allclose(bytes.Images.to_type(torch.ScalarType.Float32) / 255f));
        Assert.Equal(TestData.Longs(reference.GetProperty("test1000_class_counts")), scaled.Labels.bincount(null, 10).data<long>().ToArray());
        Assert.Equal(TestData.Longs(reference.GetProperty("test1000_first_labels")), scaled.Labels[..10].data<long>().ToArray());
    }

    [Fact]
    public void Read_TwoFiles_ConcatenatesInOrder()
    {
        string a = Path.Combine(Dir, "test_batch_first1000.bin"), b = Path.Combine(Dir, "data_batch_1.bin");
        using var both = Cifar10Reader.Read([a, b], PixelFormat.Byte);
        using var second = Cifar10Reader.Read([b], PixelFormat.Byte);
        Assert.Equal(11000, both.Count);
        Assert.True(both.Images[1000..].eq(second.Images).all().item<bool>());
        Assert.Equal(6, both.Labels[1000].item<long>());
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Cifar10Reader.Read(["/nonexistent/data_batch_9.bin"]));
        Assert.Contains("data_batch_9.bin", e.Message);
    }

    [Fact]
    public void Read_NoFiles_ThrowsArgumentException()
    {
        var e = Assert.Throws<ArgumentException>(() => Cifar10Reader.Read([]));
        Assert.Equal("files", e.ParamName);
    }

    [Fact]
    public void Read_TruncatedAtRandomOffsets_ThrowsNamingFileAndRecordSize()
    {
        byte[] content = File.ReadAllBytes(Path.Combine(Dir, "test_batch_first1000.bin"));
        var random = new Random(5);
        using var temp = new TestData.TempFolder();
        for (int trial = 0; trial < 8; trial++)
        {
            int length = random.Next(0, content.Length);
            if (length % Cifar10Reader.RecordSize == 0) length++;
            string path = temp.File($"cut{trial}.bin");
            File.WriteAllBytes(path, content[..length]);
            var e = Assert.Throws<DataFormatException>(() => Cifar10Reader.Read([path]));
            Assert.Contains(path, e.Message);
            Assert.Contains("3073-byte records", e.Message);
            Assert.Equal(path, e.FilePath);
        }
    }

    [Fact]
    public void Read_LabelOutOfRange_ThrowsNamingRecord()
    {
        byte[] content = File.ReadAllBytes(Path.Combine(Dir, "test_batch_first1000.bin"))[..(3 * Cifar10Reader.RecordSize)];
        content[2 * Cifar10Reader.RecordSize] = 12;
        using var temp = new TestData.TempFolder();
        string path = temp.File("bad_label.bin");
        File.WriteAllBytes(path, content);
        var e = Assert.Throws<DataFormatException>(() => Cifar10Reader.Read([path]));
        Assert.Contains("record 2", e.Message);
        Assert.Contains("label 12; expected 0..9", e.Message);
    }

    [Fact]
    public void Read_NoMetaFile_UsesDefaultClassNames()
    {
        byte[] content = File.ReadAllBytes(Path.Combine(Dir, "test_batch_first1000.bin"))[..Cifar10Reader.RecordSize];
        using var temp = new TestData.TempFolder();
        string path = temp.File("one.bin");
        File.WriteAllBytes(path, content);
        using var data = Cifar10Reader.Read([path]);
        Assert.Equal(Cifar10Reader.DefaultClassNames, data.ClassNames);
        Assert.Equal(Cifar10Reader.ReadClassNames(Path.Combine(Dir, "batches.meta.txt")), Cifar10Reader.DefaultClassNames);
    }
}
