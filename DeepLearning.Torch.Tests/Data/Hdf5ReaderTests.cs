using DeepLearning.Torch.Data;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data;

public class Hdf5ReaderTests
{
    private static string TopVal => TestData.Shared("toptagging-format", "val.h5");
    private static string Hls => TestData.Shared("hls4ml-format", "jetImage_toy_100p_0_300.h5");

    [Fact]
    public void Read_WholeDataset_ShapeAndStoredType()
    {
        using var reader = new Hdf5Reader(Hls);
        Assert.Equal(new long[] { 300, 100, 100 }, reader.Shape("jetImage"));
        Assert.Equal(torch.ScalarType.Float32, reader.StoredType("jetImage"));
        using var image = reader.Read("jetImage");
        Assert.Equal(new long[] { 300, 100, 100 }, image.shape);
        var reference = TestData.Reference("hls4ml").GetProperty("jetImage_toy_100p_0_300.h5");
        foreach (var p in reference.GetProperty("image_values").EnumerateArray())
        {
            var v = p.EnumerateArray().ToArray();
            Assert.Equal(v[3].GetSingle(), image[v[0].GetInt64(), v[1].GetInt64(), v[2].GetInt64()].item<float>());
        }
    }

    [Fact]
    public void Read_RowSlice_EqualsSliceOfWholeAndConverts()
    {
        using var reader = new Hdf5Reader(TopVal);
        using var whole = reader.Read("table/block0_values");
        using var slice = reader.Read("table/block0_values", torch.ScalarType.Float64, start: 123, count: 7);
        Assert.Equal(new long[] { 7, 804 }, slice.shape);
        Assert.Equal(torch.ScalarType.Float64, slice.dtype);
        Assert.True(slice.to_type(torch.ScalarType.Float32).eq(whole[123..130]).all().item<bool>());
        using var ints = reader.Read("table/block1_values", torch.ScalarType.Float32, start: 100, count: 10);
        var labels = TestData.Reference("toptagging").GetProperty("val.h5").GetProperty("rows_100_110_labels");
        Assert.Equal(TestData.Longs(labels), ints[.., 1].to_type(torch.ScalarType.Int64).data<long>().ToArray());
        Assert.Equal(torch.ScalarType.Int64, reader.StoredType("table/block1_values"));
    }

    [Theory]
    [InlineData(1)]          // one row per piece
    [InlineData(3 * 804 * 4)] // three rows per piece, the last piece shorter
    public void Read_InPieces_EqualsOneRead(long pieceBytes)
    {
        using var reader = new Hdf5Reader(TopVal);
        using var pieces = new Hdf5Reader(TopVal) { PieceBytes = pieceBytes };
        using var whole = reader.Read("table/block0_values", start: 17, count: 50);
        using var pieced = pieces.Read("table/block0_values", start: 17, count: 50);
        Assert.Equal(whole.shape, pieced.shape);
        Assert.True(whole.eq(pieced).all().item<bool>());
        using var labels = reader.Read("table/block1_values");
        using var labelsPieced = pieces.Read("table/block1_values");
        Assert.True(labels.eq(labelsPieced).all().item<bool>());
    }

    [Fact]
    public void ReadChunks_CoverDatasetInOrder_AndChunksAreIndependentCopies()
    {
        using var reader = new Hdf5Reader(TopVal);
        using var whole = reader.Read("table/block0_values");
        var chunks = reader.ReadChunks("table/block0_values", 64).ToList();
        Assert.Equal(8, chunks.Count);
        Assert.Equal(500 - 7 * 64, chunks[^1].shape[0]);
        using var joined = torch.cat(chunks, 0);
        Assert.True(joined.eq(whole).all().item<bool>());
        foreach (var c in chunks) c.Dispose();
    }

    [Theory]
    [InlineData("le_f4", torch.ScalarType.Float32)]
    [InlineData("le_f8", torch.ScalarType.Float64)]
    [InlineData("le_i1", torch.ScalarType.Int8)]
    [InlineData("le_u1", torch.ScalarType.Byte)]
    [InlineData("le_i2", torch.ScalarType.Int16)]
    [InlineData("le_u2", torch.ScalarType.Int32)]
    [InlineData("le_i4", torch.ScalarType.Int32)]
    [InlineData("le_u4", torch.ScalarType.Int64)]
    [InlineData("le_i8", torch.ScalarType.Int64)]
    [InlineData("le_u8", torch.ScalarType.Int64)]
    public void Read_EveryStoredType_ConvertsToRequestedType(string name, torch.ScalarType stored)
    {
        using var reader = new Hdf5Reader(TestData.Fixture("dtypes.h5"));
        Assert.Equal(stored, reader.StoredType(name));
        double offset = name[3] is 'f' or 'i' ? -3 : 0;
        using var expected = torch.arange(12, dtype: torch.ScalarType.Float64).view(3, 4) + offset;
        using var native = reader.Read(name);
        Assert.Equal(stored, native.dtype);
        foreach (var type in new[] { torch.ScalarType.Float32, torch.ScalarType.Float64, torch.ScalarType.Int64 })
        {
            using var converted = reader.Read(name, type, start: 1, count: 2);
            Assert.Equal(type, converted.dtype);
            Assert.True(converted.to_type(torch.ScalarType.Float64).eq(expected[1..]).all().item<bool>(), $"{name} as {type}");
        }
    }

    [Theory]
    [InlineData("be_f4")]
    [InlineData("be_f8")]
    [InlineData("be_i2")]
    [InlineData("be_i8")]
    public void Read_BigEndian_ThrowsNamingByteOrder(string name)
    {
        using var reader = new Hdf5Reader(TestData.Fixture("dtypes.h5"));
        var e = Assert.Throws<DataFormatException>(() => reader.Read(name));
        Assert.Equal(name, e.DatasetPath);
        Assert.Contains("is stored big-endian", e.Message);
        Assert.Contains("expected little-endian data", e.Message);
    }

    [Fact]
    public void ReadStrings_ColumnNames()
    {
        using var reader = new Hdf5Reader(TopVal);
        string[] items = reader.ReadStrings("table/block1_items");
        Assert.Equal(new[] { "ttv", "is_signal_new" }, items);
        Assert.Equal(806, reader.ReadStrings("table/axis0").Length);
    }

    [Fact]
    public void Read_MissingDataset_ThrowsNamingFileAndPath()
    {
        using var reader = new Hdf5Reader(TopVal);
        var e = Assert.Throws<DataFormatException>(() => reader.Read("table/block7_values"));
        Assert.Equal("table/block7_values", e.DatasetPath);
        Assert.Contains(TopVal, e.Message);
        Assert.Contains("no such dataset", e.Message);
    }

    [Fact]
    public void Read_MissingDataset_ListsTheDatasetsTheFileHolds()
    {
        using var reader = new Hdf5Reader(TopVal);
        var e = Assert.Throws<DataFormatException>(() => reader.Read("jetImage"));
        Assert.Contains("the file holds 6 dataset(s): table/axis0 [806], table/axis1 [500], table/block0_items [804], table/block0_values [500, 804]", e.Message);
        Assert.Contains("table/block1_values [500, 2].", e.Message);
    }

    [Fact]
    public void DatasetPaths_PandasFile_ListsEveryDatasetInTheGroup()
    {
        using var reader = new Hdf5Reader(TopVal);
        Assert.Equal(["table/axis0", "table/axis1", "table/block0_items", "table/block0_values", "table/block1_items", "table/block1_values"], reader.DatasetPaths());
    }

    [Fact]
    public void Read_Group_ThrowsExpectedDataset()
    {
        using var reader = new Hdf5Reader(TopVal);
        var e = Assert.Throws<DataFormatException>(() => reader.Read("table"));
        Assert.Contains("is a group; expected a dataset", e.Message);
    }

    [Fact]
    public void Read_Strings_ThrowsExpectedNumeric()
    {
        using var reader = new Hdf5Reader(TestData.Fixture("strings_only.h5"));
        var e = Assert.Throws<DataFormatException>(() => reader.Read("names"));
        Assert.Contains("expected a numeric type", e.Message);
        Assert.Equal("names", e.DatasetPath);
    }

    [Fact]
    public void Read_HeaderClaims10To12Rows_RejectedBeforeAllocating()
    {
        using var reader = new Hdf5Reader(TestData.Fixture("huge_claim.h5"));
        Assert.Equal(new long[] { 1_000_000_000_000, 4 }, reader.Shape("x"));
        var e = Assert.Throws<DataFormatException>(() => reader.Read("x"));
        Assert.Contains("1000000000000 rows of 4 elements do not fit", e.Message);
        using var slice = reader.Read("x", start: 999_999_999_990, count: 10);
        Assert.Equal(new long[] { 10, 4 }, slice.shape);
    }

    [Fact]
    public void Read_SliceOutside_ThrowsArgumentOutOfRange()
    {
        using var reader = new Hdf5Reader(TopVal);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => reader.Read("table/block1_values", start: 490, count: 20));
        Assert.Equal("count", e.ParamName);
        Assert.Contains("has 500 rows", e.Message);
    }

    [Fact]
    public void Open_MissingFile_ThrowsFileNotFound()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new Hdf5Reader("/nonexistent/file.h5"));
        Assert.Contains("/nonexistent/file.h5", e.Message);
    }

    [Fact]
    public void Open_NotHdf5_ThrowsExpectedSignature()
    {
        var path = TestData.Shared("cifar-10-batches-bin", "batches.meta.txt");
        var e = Assert.Throws<DataFormatException>(() => new Hdf5Reader(path));
        Assert.Contains("expected an HDF5 file", e.Message);
    }

    [Fact]
    public void Open_TruncatedAtRandomOffsets_ThrowsTruncated()
    {
        byte[] content = File.ReadAllBytes(TopVal);
        var random = new Random(3);
        using var temp = new TestData.TempFolder();
        for (int trial = 0; trial < 12; trial++)
        {
            string path = temp.File($"cut{trial}.h5");
            File.WriteAllBytes(path, content[..random.Next(0, content.Length)]);
            var e = Assert.Throws<DataFormatException>(() => TopTaggingReader.Read(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("truncated", e.Message);
        }
    }
}
