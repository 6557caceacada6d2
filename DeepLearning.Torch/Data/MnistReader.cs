using System.Buffers.Binary;
using System.IO.Compression;
using DeepLearning.Torch.Runtime;
using TorchSharp;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Reads MNIST-style idx files (LeCun, Cortes, Burges): <c>idx3</c> images (magic 2051, big-endian counts
/// N, rows, columns, then N x rows x columns bytes) and <c>idx1</c> labels (magic 2049, N, then N bytes).
/// Files may be gzip-compressed (detected from the content, not the name). Headers are validated before
/// any large allocation.
/// </summary>
public static class MnistReader
{
    /// <summary>Magic number of an idx3 (unsigned byte, 3 dimensions) image file.</summary>
    public const int ImageMagic = 2051;

    /// <summary>Magic number of an idx1 (unsigned byte, 1 dimension) label file.</summary>
    public const int LabelMagic = 2049;

    /// <summary>The ten MNIST class names ("0" .. "9").</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Reads an image file and its label file into (N, 1, rows, columns) images and int64 labels.</summary>
    /// <param name="imagesPath">idx3 image file, gzip or not.</param>
    /// <param name="labelsPath">idx1 label file, gzip or not, with the same N.</param>
    /// <param name="format">Pixel format; default float32 in [0, 1].</param>
    /// <returns>The images and labels; see <see cref="LabeledImages"/> for ownership.</returns>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="DataFormatException">Wrong magic, implausible dimensions, truncated content, counts that differ, or a label above 9.</exception>
    public static LabeledImages Read(string imagesPath, string labelsPath, PixelFormat format = PixelFormat.ScaledFloat)
    {
        long[] labels = ReadLabels(labelsPath);
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var images = ReadImages(imagesPath, format);
        if (images.shape[0] != labels.Length)
            throw new DataFormatException(labelsPath, null, $"holds {labels.Length} labels but '{imagesPath}' holds {images.shape[0]} images; expected the same count.");
        var labelTensor = torch.tensor(labels, torch.ScalarType.Int64);
        return new LabeledImages(images.MoveToOuterDisposeScope(), labelTensor.MoveToOuterDisposeScope(), ClassNames);
    }

    /// <summary>Reads an idx3 image file into a tensor of shape (N, 1, rows, columns).</summary>
    /// <param name="path">idx3 image file, gzip or not.</param>
    /// <param name="format">Pixel format; default float32 in [0, 1].</param>
    /// <returns>The images; the caller owns the tensor (registered with an open dispose scope, if any).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">Wrong magic, implausible dimensions or truncated content.</exception>
    public static torch.Tensor ReadImages(string path, PixelFormat format = PixelFormat.ScaledFloat)
    {
        using Stream stream = OpenMaybeGzip(path);
        int[] counts = ReadHeader(stream, path, images: true);
        int n = counts[0], rows = counts[1], cols = counts[2];
        if (n <= 0 || rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096)
            throw new DataFormatException(path, null, $"header claims {n} images of {rows} x {cols}; expected positive counts and sizes up to 4096.");
        long total = (long)n * rows * cols;
        if (total > Array.MaxLength)
            throw new DataFormatException(path, null, $"header claims {n} images of {rows} x {cols} = {total} bytes, more than one array can hold; the header is corrupt.");
        if (stream.CanSeek && stream.Length - 16 < total)
            throw new DataFormatException(path, null, $"header claims {n} images of {rows} x {cols} = {total} bytes but the file holds {stream.Length - 16}; the file is truncated.");
        var pixels = ReadContent(stream, total, path, $"{n} images of {rows} x {cols} pixels ({total} bytes)");

        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var images = NativeTensors.View(pixels, torch.ScalarType.Byte, [n, 1, rows, cols]);
        images = format switch
        {
            PixelFormat.Byte => images.clone(),
            PixelFormat.Float => images.to_type(torch.ScalarType.Float32),
            PixelFormat.ScaledFloat => images.to_type(torch.ScalarType.Float32).div_(255f),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format."),
        };
        return images.MoveToOuterDisposeScope();
    }

    /// <summary>Reads an idx1 label file.</summary>
    /// <param name="path">idx1 label file, gzip or not.</param>
    /// <returns>The labels, each in 0..9.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">Wrong magic, implausible count, truncated content or a label above 9.</exception>
    public static long[] ReadLabels(string path)
    {
        using Stream stream = OpenMaybeGzip(path);
        int n = ReadHeader(stream, path, images: false)[0];
        if (n <= 0)
            throw new DataFormatException(path, null, $"header claims {n} labels; expected a positive count.");
        if (stream.CanSeek && stream.Length - 8 < n)
            throw new DataFormatException(path, null, $"header claims {n} labels but the file holds {stream.Length - 8} bytes after the header; the file is truncated.");
        var bytes = ReadContent(stream, n, path, $"{n} labels");
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            if (bytes[i] > 9)
                throw new DataFormatException(path, null, $"label {i} is {bytes[i]}; expected 0..9.");
            labels[i] = bytes[i];
        }
        return labels;
    }

    /// <summary>
    /// Reads and checks an idx header: the magic number of an idx3 image file (N, rows, columns follow) or of an idx1
    /// label file (N follows); returns the big-endian counts after the magic.
    /// </summary>
    private static int[] ReadHeader(Stream stream, string path, bool images)
    {
        int expected = images ? ImageMagic : LabelMagic;
        string format = images ? "idx3" : "idx1";
        Span<byte> header = stackalloc byte[images ? 16 : 8];
        ReadExactly(stream, header, path, $"the {header.Length}-byte {format} header");
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != expected)
        {
            string other = magic == (images ? LabelMagic : ImageMagic) ? (images ? " This is a label file." : " This is an image file.") : "";
            throw new DataFormatException(path, null, $"magic number {magic}; expected {expected} ({format} unsigned-byte {(images ? "images" : "labels")}).{other}");
        }
        var counts = new int[(header.Length / 4) - 1];
        for (int i = 0; i < counts.Length; i++)
            counts[i] = BinaryPrimitives.ReadInt32BigEndian(header[(4 * (i + 1))..]);
        return counts;
    }

    private static Stream OpenMaybeGzip(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"MNIST file '{path}' does not exist.", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        int b0 = file.ReadByte(), b1 = file.ReadByte();
        file.Position = 0;
        if (b0 == 0x1f && b1 == 0x8b)
            return new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16);
        return file;
    }

    /// <summary>
    /// Reads the <paramref name="length"/> bytes the header announced. A gzip stream's length is unknown until decompressed,
    /// so its buffer grows with the content actually present (a corrupt header cannot make it allocate up front).
    /// </summary>
    private static byte[] ReadContent(Stream stream, long length, string path, string what)
    {
        if (stream.CanSeek)
        {
            var all = new byte[length];
            ReadExactly(stream, all, path, what);
            return all;
        }
        var buffer = new byte[Math.Min(length, 1 << 20)];
        long done = 0;
        while (true)
        {
            int chunk = (int)Math.Min(buffer.Length - done, 1 << 20);
            int read = ReadSome(stream, buffer.AsSpan((int)done, chunk), path, what);
            done += read;
            if (done == length) return buffer;
            if (read == 0)
                throw new DataFormatException(path, null, $"file ends after {done} of the {length} bytes of {what}; the file is truncated.");
            if (done == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
        }
    }

    private static int ReadSome(Stream stream, Span<byte> buffer, string path, string what)
    {
        try
        {
            return stream.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, null, $"corrupt gzip stream while reading {what}: {e.Message}", e);
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path, string what)
    {
        int done = 0;
        try
        {
            while (done < buffer.Length)
            {
                int read = stream.Read(buffer[done..]);
                if (read == 0) break;
                done += read;
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, null, $"corrupt gzip stream while reading {what}: {e.Message}", e);
        }
        if (done < buffer.Length)
            throw new DataFormatException(path, null, $"file ends after {done} of the {buffer.Length} bytes of {what}; the file is truncated.");
    }
}
