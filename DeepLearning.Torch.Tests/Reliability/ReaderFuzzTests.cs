using System.Buffers.Binary;
using System.IO.Compression;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Jets;
using DeepLearning.Torch.Tests.Data;
using Xunit;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>
/// Feeds every reader truncated files (random offsets), random bytes, overwritten regions, flipped bits, wrong dtypes and
/// shapes, and headers claiming 10^12 rows. Every case ends in a <see cref="DataFormatException"/> naming the file, or in a
/// read of a file that is still valid; never another exception, a hang (time limit) or a large allocation (byte budget).
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);
    private const long AllocationBudget = 256L << 20;
    private readonly TestData.TempFolder _temp = new();
    private int _tried;

    public void Dispose()
    {
        Soak.Report("corrupted_inputs", _tried);
        _temp.Dispose();
    }

    /// <summary>The mutation, and whether the result must be rejected (else it may also read as valid data).</summary>
    private enum Mutation { Truncate, RandomBytes, Overwrite, FlipBit }

    private static byte[] Mutate(byte[] valid, Mutation mutation, Random random)
    {
        switch (mutation)
        {
            case Mutation.Truncate:
                return valid[..random.Next(0, valid.Length)];
            case Mutation.RandomBytes:
                var noise = new byte[random.Next(1, valid.Length + 1)];
                random.NextBytes(noise);
                return noise;
            case Mutation.Overwrite:
                var overwritten = (byte[])valid.Clone();
                int length = random.Next(1, 65), at = random.Next(0, valid.Length);
                random.NextBytes(overwritten.AsSpan(at, Math.Min(length, valid.Length - at)));
                return overwritten;
            default:
                var flipped = (byte[])valid.Clone();
                flipped[random.Next(0, valid.Length)] ^= (byte)(1 << random.Next(0, 8));
                return flipped;
        }
    }

    /// <summary>Runs <paramref name="read"/> on a worker thread under the time limit; returns its exception or null.</summary>
    private static Exception? Attempt(Action read, string what)
    {
        Exception? error = null;
        long allocated = 0;
        var worker = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                read();
            }
            catch (Exception e)
            {
                error = e;
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, 16 << 20);
        worker.Start();
        Assert.True(worker.Join(TimeLimit), $"{what}: the reader hangs (no answer in {TimeLimit.TotalSeconds} s)");
        Assert.True(allocated < AllocationBudget, $"{what}: the reader allocated {allocated >> 20} MiB");
        return error;
    }

    /// <summary>Reads <paramref name="path"/>; requires a DataFormatException naming it, or success when the file may be valid.</summary>
    private void Check(string path, Action<string> read, bool mustReject, string what)
    {
        _tried++;
        var e = Attempt(() => read(path), what);
        if (e is null)
        {
            Assert.False(mustReject, $"{what}: accepted, but the file is invalid");
            return;
        }
        var format = Assert.IsType<DataFormatException>(e, exactMatch: true);
        Assert.Equal(path, format.FilePath);
        Assert.StartsWith($"'{path}'", format.Message);
    }

    /// <summary>All mutations of <paramref name="valid"/>, <paramref name="cases"/> each; <paramref name="mustReject"/> says per mutated content.</summary>
    private void Fuzz(string name, byte[] valid, Action<string> read, Func<Mutation, byte[], bool> mustReject, int seed, int cases = 6)
    {
        read(Write(name + "-valid", valid));
        var random = new Random(Soak.Seed(seed));
        foreach (var mutation in Enum.GetValues<Mutation>())
            for (int i = 0; i < Soak.Cases(cases); i++)
            {
                byte[] content = Mutate(valid, mutation, random);
                string path = Write($"{name}-{mutation}-{i}", content);
                Check(path, read, mustReject(mutation, content), $"{name} {mutation} #{i}");
            }
    }

    private string Write(string name, byte[] content)
    {
        string path = _temp.File(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(content);
        return buffer.ToArray();
    }

    private static byte[] Cifar(int images, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[images * 3073];
        random.NextBytes(bytes);
        for (int i = 0; i < images; i++) bytes[i * 3073] = (byte)random.Next(0, 10);
        return bytes;
    }

    private static bool CifarValid(byte[] content)
        => content.Length > 0 && content.Length % 3073 == 0 && Enumerable.Range(0, content.Length / 3073).All(i => content[i * 3073] <= 9);

    private static byte[] Idx(bool images, int n, int rows = 28, int columns = 28, int? contentBytes = null)
    {
        int header = images ? 16 : 8;
        var bytes = new byte[header + (contentBytes ?? (images ? n * rows * columns : n))];
        BinaryPrimitives.WriteInt32BigEndian(bytes, images ? 2051 : 2049);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), n);
        if (images)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
            new Random(n).NextBytes(bytes.AsSpan(16));
        }
        else
        {
            for (int i = 0; i < bytes.Length - 8; i++) bytes[8 + i] = (byte)(i % 10);
        }
        return bytes;
    }

    private static void ReadCifar(string path) => Cifar10Reader.Read([path]).Dispose();

    private static void ReadImages(string path) => MnistReader.ReadImages(path).Dispose();

    private static void ReadTop(string path) => TopTaggingReader.Read(path).Dispose();

    private static void ReadHls(string path) => Hls4mlJetReader.Read([path]).Dispose();

    private static void ReadHdf5(string path)
    {
        using var reader = new Hdf5Reader(path);
        reader.Read("table/block0_values").Dispose();
        reader.Read("table/block1_values").Dispose();
    }

    [Fact]
    public void Cifar10_CorruptedFiles_RejectedNamingFileOrStillValid()
    {
        byte[] valid = Cifar(4, 1);
        Fuzz("cifar", valid, ReadCifar, (m, c) => !CifarValid(c), seed: 301);
        var labelled = (byte[])valid.Clone();
        labelled[3073] = 200;
        Check(Write("cifar-label200", labelled), ReadCifar, true, "CIFAR label 200");
        Check(Write("cifar-empty", []), ReadCifar, true, "empty CIFAR file");
    }

    [Fact]
    public void Mnist_CorruptedFiles_RejectedNamingFileOrStillValid()
    {
        Fuzz("mnist-images", Idx(true, 5), ReadImages, (m, _) => m is Mutation.Truncate or Mutation.RandomBytes, seed: 302);
        Fuzz("mnist-labels", Idx(false, 50), p => MnistReader.ReadLabels(p), (m, _) => m is Mutation.Truncate or Mutation.RandomBytes, seed: 303);
        Fuzz("mnist-images-gz", Gzip(Idx(true, 5)), ReadImages, (m, _) => m is Mutation.Truncate or Mutation.RandomBytes, seed: 304);
        Check(Write("mnist-labels-as-images", Idx(false, 50)), ReadImages, true, "label file read as images");
        Check(Write("mnist-zero-rows", Idx(true, 5, rows: 0)), ReadImages, true, "images of 0 rows");
    }

    [Fact]
    public void Mnist_HeaderClaimsHugeCounts_RejectedBeforeAllocating()
    {
        // int.MaxValue images of 4096 x 4096 (3.6e16 bytes) and 10^12 bytes of images: impossible to hold.
        Check(Write("mnist-huge", Idx(true, int.MaxValue, 4096, 4096, contentBytes: 10)), ReadImages, true, "idx3 header claiming 3.6e16 bytes");
        Check(Write("mnist-1e12", Idx(true, 1_000_000_000, 1000, 1000, contentBytes: 10)), ReadImages, true, "idx3 header claiming 1e15 bytes");
        // Compressed: the length is unknown until decompressed; a claim of about 2 GB must not be allocated up front.
        Check(Write("mnist-huge-gz", Gzip(Idx(true, 2_500_000, 28, 28, contentBytes: 784 * 3))), ReadImages, true, "gzip idx3 claiming 1.96e9 bytes");
        Check(Write("mnist-labels-huge-gz", Gzip(Idx(false, 2_000_000_000, contentBytes: 100))), p => MnistReader.ReadLabels(p), true, "gzip idx1 claiming 2e9 labels");
    }

    [Fact]
    public void Hdf5_CorruptedToyTopTaggingFile_RejectedNamingFileOrStillValid()
    {
        string source = _temp.File("top-source.h5");
        ToyJetWriter.WriteTopTagging(source, jets: 12, seed: 5, constituents: 10);
        byte[] valid = File.ReadAllBytes(source);
        Fuzz("hdf5", valid, ReadHdf5, (m, _) => m is Mutation.Truncate or Mutation.RandomBytes, seed: 305);
        Fuzz("toptagging", valid, ReadTop, (m, _) => m is Mutation.Truncate or Mutation.RandomBytes, seed: 306);
    }

    [Fact]
    public void Hls4ml_CorruptedToyFile_RejectedNamingFileOrStillValid()
    {
        string source = _temp.File("hls-source.h5");
        ToyJetWriter.WriteHls4ml(source, jets: 3, seed: 6);
        Fuzz("hls4ml", File.ReadAllBytes(source), ReadHls, (m, _) => m is Mutation.Truncate or Mutation.RandomBytes, seed: 307);
    }

    [Theory]
    [InlineData("toptagging_huge_claim.h5", "top", "table/block0_values", "1000000000000 rows")]
    [InlineData("toptagging_string_values.h5", "top", "table/block0_values", "expected a numeric type")]
    [InlineData("toptagging_3d_values.h5", "top", "table/block0_values", "shape [3, 4, 2]; expected [rows, 4]")]
    [InlineData("hls4ml_huge_claim.h5", "hls", "jets", "1000000000000 rows")]
    [InlineData("hls4ml_wrong_columns.h5", "hls", "jets", "shape [3, 4]; expected [N, 6]")]
    [InlineData("hls4ml_string_jets.h5", "hls", "jets", "expected a numeric type")]
    public void JetReaders_WrongDtypeShapeOrHugeClaim_RejectedNamingFileAndDataset(string fixture, string reader, string dataset, string problem)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Reliability", fixture);
        Action<string> read = reader == "top" ? ReadTop : ReadHls;
        var e = Assert.IsType<DataFormatException>(Attempt(() => read(path), fixture), exactMatch: true);
        Assert.Equal(path, e.FilePath);
        Assert.Equal(dataset, e.DatasetPath);
        Assert.Contains(problem, e.Message);
        _tried++;
    }

    [Fact]
    public void Readers_FileOfAnotherFormat_RejectedNamingFile()
    {
        string hls = _temp.File("other-hls.h5");
        ToyJetWriter.WriteHls4ml(hls, jets: 2, seed: 7);
        string cifar = Write("other-cifar.bin", Cifar(2, 3));
        Check(hls, ReadTop, true, "HLS4ML file read as top tagging");
        Check(cifar, ReadHls, true, "CIFAR file read as HLS4ML");
        Check(cifar, ReadHdf5, true, "CIFAR file read as HDF5");
        Check(hls, ReadImages, true, "HDF5 file read as MNIST");
    }
}
