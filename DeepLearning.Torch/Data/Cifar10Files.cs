using System.Globalization;

namespace DeepLearning.Torch.Data;

/// <summary>
/// The files of the CIFAR-10 binary version (<c>data_batch_1..5.bin</c> and a test file, read by
/// <see cref="Cifar10Reader"/>), found in a data folder. The test file is <c>test_batch.bin</c>, or
/// <c>test_batch_first1000.bin</c> (the first 1,000 test images, as in the shared samples) when that is all there is.
/// <see cref="Description"/> names the folder, the files and their image counts.
/// </summary>
public sealed class Cifar10Files
{
    /// <summary>Name of the folder inside a data folder: <c>cifar-10-batches-bin</c>, as the official archive unpacks.</summary>
    public const string FolderName = "cifar-10-batches-bin";

    private static readonly string[] TestFiles = ["test_batch.bin", "test_batch_first1000.bin"];

    private Cifar10Files(string folder)
    {
        Folder = folder;
        TrainingFiles = Cifar10Reader.TrainingFiles(folder);
        TestFile = TestFiles.Select(f => Path.Combine(folder, f)).First(File.Exists);
        long Images(string file) => new FileInfo(file).Length / Cifar10Reader.RecordSize;
        Description = string.Create(CultureInfo.InvariantCulture,
            $"Found in {folder}: data_batch_1..5.bin {TrainingFiles.Sum(Images):N0} training images, {Path.GetFileName(TestFile)} {Images(TestFile):N0} test images (CIFAR-10 binary layout, 32x32 RGB, 10 classes)");
    }

    /// <summary>The folder holding the files (full path).</summary>
    public string Folder { get; }

    /// <summary>The five training files in official order.</summary>
    public IReadOnlyList<string> TrainingFiles { get; }

    /// <summary>The test file: <c>test_batch.bin</c>, else <c>test_batch_first1000.bin</c>.</summary>
    public string TestFile { get; }

    /// <summary>What the files are, for the console and reports: folder, files and image counts.</summary>
    public string Description { get; }

    /// <summary>
    /// Finds the files. With <paramref name="dataFolder"/>: only there, in its sub-folder <see cref="FolderName"/>, then
    /// in the folder itself. Without: under the default data folders (<see cref="DataRoot.Candidates"/>).
    /// </summary>
    /// <param name="dataFolder">A data folder, or the folder holding the .bin files; <see langword="null"/> searches the defaults.</param>
    /// <returns>The files found.</returns>
    /// <exception cref="DirectoryNotFoundException">No folder holds them; the message names every path looked for.</exception>
    public static Cifar10Files Locate(string? dataFolder = null) =>
        new(DataRoot.LocateDataset("CIFAR-10", [FolderName], [.. Cifar10Reader.TrainingFiles(""), TestFiles[0]], Holds, dataFolder));

    /// <summary>Reads the training images (at most the first <paramref name="limit"/>; all when null).</summary>
    /// <param name="limit">Most images to keep, or <see langword="null"/> for all 50,000.</param>
    /// <param name="format">Pixel format; default float32 in [0, 1].</param>
    /// <returns>Images (N, 3, 32, 32) and labels; the caller disposes them.</returns>
    public LabeledImages ReadTraining(long? limit = null, PixelFormat format = PixelFormat.ScaledFloat)
    {
        var all = Cifar10Reader.Read(TrainingFiles, format);
        if (limit is not long l || l >= all.Count) return all;
        using (all)
        {
            return new LabeledImages(all.Images.narrow(0, 0, l).clone(), all.Labels.narrow(0, 0, l).clone(), all.ClassNames);
        }
    }

    /// <summary>Reads the test images.</summary>
    /// <param name="format">Pixel format; default float32 in [0, 1].</param>
    /// <returns>Images (N, 3, 32, 32) and labels; the caller disposes them.</returns>
    public LabeledImages ReadTest(PixelFormat format = PixelFormat.ScaledFloat) => Cifar10Reader.Read([TestFile], format);

    private static bool Holds(string folder) =>
        Cifar10Reader.TrainingFiles(folder).All(File.Exists) && TestFiles.Any(f => File.Exists(Path.Combine(folder, f)));
}
