using DeepLearning.Torch.Runtime;
using TorchSharp;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Reads the binary version of CIFAR-10 (Krizhevsky 2009): files of 3073-byte records, one label byte then
/// 1024 red, 1024 green and 1024 blue bytes of a row-major 32 x 32 image. Any set of such files can be read
/// together (<c>data_batch_1..5.bin</c>, <c>test_batch.bin</c>, or a subset such as the first 1,000 test
/// images). All files are read with one bulk read each and turned into a tensor with one copy.
/// </summary>
public static class Cifar10Reader
{
    /// <summary>Bytes per record: one label byte and 3 x 32 x 32 pixel bytes.</summary>
    public const int RecordSize = 1 + PixelsPerImage;

    private const int PixelsPerImage = 3 * 32 * 32;

    /// <summary>The ten CIFAR-10 class names in label order (used when no <c>batches.meta.txt</c> is found).</summary>
    public static IReadOnlyList<string> DefaultClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>The five training files in official order, under <paramref name="directory"/>.</summary>
    /// <param name="directory">The <c>cifar-10-batches-bin</c> folder.</param>
    /// <returns>Paths of <c>data_batch_1.bin</c> .. <c>data_batch_5.bin</c>.</returns>
    public static IReadOnlyList<string> TrainingFiles(string directory) =>
        Enumerable.Range(1, 5).Select(i => Path.Combine(directory, $"data_batch_{i}.bin")).ToArray();

    /// <summary>Reads all 50,000 training images (<c>data_batch_1..5.bin</c>) from a folder.</summary>
    /// <param name="directory">The <c>cifar-10-batches-bin</c> folder.</param>
    /// <param name="format">Pixel format; default float32 in [0, 1].</param>
    /// <returns>Images (N, 3, 32, 32) and labels; see <see cref="LabeledImages"/> for ownership.</returns>
    public static LabeledImages ReadTraining(string directory, PixelFormat format = PixelFormat.ScaledFloat) =>
        Read(TrainingFiles(directory), format);

    /// <summary>Reads the official test set (<c>test_batch.bin</c>) from a folder.</summary>
    /// <param name="directory">The <c>cifar-10-batches-bin</c> folder.</param>
    /// <param name="format">Pixel format; default float32 in [0, 1].</param>
    /// <returns>Images (N, 3, 32, 32) and labels; see <see cref="LabeledImages"/> for ownership.</returns>
    public static LabeledImages ReadTest(string directory, PixelFormat format = PixelFormat.ScaledFloat) =>
        Read([Path.Combine(directory, "test_batch.bin")], format);

    /// <summary>
    /// Reads any number of CIFAR-10 binary files, concatenated in the given order. Class names come from
    /// <c>batches.meta.txt</c> beside the first file when it exists, otherwise <see cref="DefaultClassNames"/>.
    /// </summary>
    /// <param name="files">Paths of files made of 3073-byte records.</param>
    /// <param name="format">Pixel format; default float32 in [0, 1].</param>
    /// <returns>Images (N, 3, 32, 32) and int64 labels; see <see cref="LabeledImages"/> for ownership.</returns>
    /// <exception cref="ArgumentException"><paramref name="files"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="DataFormatException">A file is empty, not a whole number of records (truncated), or holds a label above 9.</exception>
    public static LabeledImages Read(IEnumerable<string> files, PixelFormat format = PixelFormat.ScaledFloat)
    {
        ArgumentNullException.ThrowIfNull(files);
        string[] paths = files.ToArray();
        if (paths.Length == 0) throw new ArgumentException("At least one CIFAR-10 file is needed.", nameof(files));

        long totalRecords = 0;
        foreach (string path in paths)
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new FileNotFoundException($"CIFAR-10 file '{path}' does not exist.", path);
            if (info.Length == 0 || info.Length % RecordSize != 0)
                throw new DataFormatException(path, null,
                    $"size {info.Length} bytes is not a positive whole number of {RecordSize}-byte records " +
                    "(1 label byte + 3072 pixel bytes); the file is truncated or not the CIFAR-10 binary version.");
            totalRecords += info.Length / RecordSize;
        }
        if (totalRecords * RecordSize > Array.MaxLength)
            throw new ArgumentException($"{totalRecords} images do not fit in one array; read fewer files at a time.", nameof(files));

        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        // The files go straight into libtorch memory: a managed array of this size cost ~0.4 s of page faults per load here.
        var records = torch.empty([totalRecords, RecordSize], torch.ScalarType.Byte);
        long record = 0;
        foreach (string path in paths)
            record = ReadFile(path, records.bytes, record);

        var pixels = records.narrow(1, 1, PixelsPerImage);
        var images = format switch
        {
            PixelFormat.Byte => pixels.contiguous(),
            PixelFormat.Float => pixels.to_type(torch.ScalarType.Float32),
            PixelFormat.ScaledFloat => pixels.to_type(torch.ScalarType.Float32).div_(255f),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format."),
        };
        images = images.reshape(totalRecords, 3, 32, 32);
        var labelTensor = records.select(1, 0).to_type(torch.ScalarType.Int64);
        return new LabeledImages(images.MoveToOuterDisposeScope(), labelTensor.MoveToOuterDisposeScope(),
            ReadClassNamesBeside(paths[0]));
    }

    /// <summary>Reads class names from a <c>batches.meta.txt</c> file (one name per line, blank lines ignored).</summary>
    /// <param name="metaPath">Path of the file.</param>
    /// <returns>The class names in label order.</returns>
    /// <exception cref="DataFormatException">The file does not list exactly ten names.</exception>
    public static IReadOnlyList<string> ReadClassNames(string metaPath)
    {
        string[] names = File.ReadAllLines(metaPath).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != 10)
            throw new DataFormatException(metaPath, null, $"expected 10 class names, one per line, found {names.Length}.");
        return names;
    }

    private static IReadOnlyList<string> ReadClassNamesBeside(string firstFile)
    {
        string meta = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(firstFile))!, "batches.meta.txt");
        return File.Exists(meta) ? ReadClassNames(meta) : DefaultClassNames;
    }

    private static long ReadFile(string path, Span<byte> raw, long firstRecord)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = RandomAccess.GetLength(handle);
        if (length % RecordSize != 0 || firstRecord * RecordSize + length > raw.Length)
            throw new DataFormatException(path, null, $"size changed while reading: {length} bytes is not the whole number of {RecordSize}-byte records measured before.");
        var target = raw.Slice((int)(firstRecord * RecordSize), (int)length);
        int done = 0;
        while (done < target.Length)
        {
            int read = RandomAccess.Read(handle, target[done..], done);
            if (read == 0)
                throw new DataFormatException(path, null, $"file ended after {done} of {length} bytes while reading; it is truncated.");
            done += read;
        }
        int count = (int)(length / RecordSize);
        for (int i = 0; i < count; i++)
        {
            byte label = target[i * RecordSize];
            if (label > 9)
                throw new DataFormatException(path, null, $"record {i} (byte offset {(long)i * RecordSize}) has label {label}; expected 0..9.");
        }
        return firstRecord + count;
    }
}
