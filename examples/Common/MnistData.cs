using DeepLearning.Torch.Data;
using static TorchSharp.torch;

namespace DeepLearning.Examples;

/// <summary>MNIST training and test images: the official sets when both are there, else the official test set split in two.</summary>
/// <param name="TrainImages">(N, 1, 28, 28) floats in [0, 1].</param>
/// <param name="TrainLabels">Digits, int64 (N).</param>
/// <param name="TestImages">(M, 1, 28, 28) floats in [0, 1].</param>
/// <param name="TestLabels">Digits, int64 (M).</param>
/// <param name="Description">Where the images came from, for the console and the report.</param>
public sealed record MnistData(Tensor TrainImages, Tensor TrainLabels, Tensor TestImages, Tensor TestLabels, string Description)
{
    private const string TrainImagesFile = "train-images-idx3-ubyte.gz", TrainLabelsFile = "train-labels-idx1-ubyte.gz";
    private const string TestImagesFile = "t10k-images-idx3-ubyte.gz", TestLabelsFile = "t10k-labels-idx1-ubyte.gz";

    /// <summary>
    /// Finds the idx files (in <paramref name="dataFolder"/> or its <c>mnist/</c> sub-folder, else the default data folders)
    /// and reads them. Without the 60,000 training images the 10,000 test images are split 75/25 (seeded, shuffled), and
    /// <see cref="Description"/> says so.
    /// </summary>
    /// <param name="dataFolder">A data folder, or <see langword="null"/> for the defaults.</param>
    /// <param name="limit">Most training images to keep (smoke runs), or <see langword="null"/>.</param>
    /// <param name="seed">Seed of the split.</param>
    /// <returns>The tensors, in the current dispose scope.</returns>
    public static MnistData Read(string? dataFolder, int? limit, long seed)
    {
        string folder = DataRoot.LocateDataset("MNIST", ["mnist"], [TestImagesFile, TestLabelsFile],
            f => File.Exists(Path.Combine(f, TestImagesFile)) && File.Exists(Path.Combine(f, TestLabelsFile)), dataFolder);
        var test = MnistReader.Read(Path.Combine(folder, TestImagesFile), Path.Combine(folder, TestLabelsFile));
        Tensor trainImages, trainLabels, testImages = test.Images, testLabels = test.Labels;
        string description;
        if (File.Exists(Path.Combine(folder, TrainImagesFile)) && File.Exists(Path.Combine(folder, TrainLabelsFile)))
        {
            var train = MnistReader.Read(Path.Combine(folder, TrainImagesFile), Path.Combine(folder, TrainLabelsFile));
            (trainImages, trainLabels) = (train.Images, train.Labels);
            description = $"Found in {folder}: {TrainImagesFile} {train.Count:N0} training images, {TestImagesFile} {test.Count:N0} test images";
        }
        else
        {
            var order = randperm(test.Count, generator: new TorchSharp.torch.Generator((ulong)seed));
            long cut = test.Count * 3 / 4;
            var (trainRows, testRows) = (order.narrow(0, 0, cut), order.narrow(0, cut, test.Count - cut));
            (trainImages, trainLabels) = (test.Images.index_select(0, trainRows), test.Labels.index_select(0, trainRows));
            (testImages, testLabels) = (test.Images.index_select(0, testRows), test.Labels.index_select(0, testRows));
            description = $"Found in {folder}: {TestImagesFile} {test.Count:N0} images, the official TEST set only ({TrainImagesFile} is absent): " +
                          $"split here into {cut:N0} for training and {test.Count - cut:N0} for testing";
        }
        if (limit is int l && l < trainImages.shape[0]) (trainImages, trainLabels) = (trainImages.narrow(0, 0, l), trainLabels.narrow(0, 0, l));
        if (limit is int t && t < testImages.shape[0]) (testImages, testLabels) = (testImages.narrow(0, 0, t), testLabels.narrow(0, 0, t));
        return new MnistData(trainImages, trainLabels, testImages, testLabels, description);
    }
}
