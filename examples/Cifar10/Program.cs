using System.Diagnostics;
using System.Text.Json.Nodes;
using DeepLearning.Examples;
using DeepLearning.Examples.Cifar10;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Preprocessing;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Checkpoints;
using DeepLearning.Torch.Training.Metrics;
using TorchSharp;
using static TorchSharp.torch;

return ExampleCommand.Run("cifar10", "CIFAR-10 image classification: the lecture models (fc, cnn, dcnn) and a small ResNet.",
    CifarModels.Names, args, Run);

static int Run(ExampleArguments arguments)
{
    var settings = CifarSettings.For(arguments.Model);
    using var model = CifarModels.Create(arguments.Model).Build(arguments.Seed);
    string summary = model.Summary();
    if (arguments.SummaryOnly)
    {
        Console.WriteLine(summary);
        return 0;
    }

    string folder = DataRoot.Locate("cifar-10-batches-bin", arguments.Data);
    string testFile = File.Exists(Path.Combine(folder, "test_batch.bin")) ? "test_batch.bin" : "test_batch_first1000.bin";
    using var train = Cifar10Reader.ReadTraining(folder);
    using var test = Cifar10Reader.Read([Path.Combine(folder, testFile)]);
    long trainCount = Math.Min(arguments.Limit ?? long.MaxValue, train.Count);
    string data = $"CIFAR-10 binary from {folder}: {trainCount:N0} training images (10% held out for validation), {test.Count:N0} test images ({testFile})";
    Console.WriteLine($"Data: {data}");

    // Per-pixel and per-channel standardisation fitted on the training images, as in the lecture.
    using var standardizer = new Standardizer(StandardizationAxes.PerElement);
    using var trainImages = train.Images.narrow(0, 0, trainCount);
    using var trainLabels = train.Labels.narrow(0, 0, trainCount);
    using var x = standardizer.FitTransform(trainImages);
    using var xTest = standardizer.Transform(test.Images);
    using var dataset = new TensorDataset(x, trainLabels);

    var output = new RunOutput(arguments.Out, $"CIFAR-10, model {arguments.Model}");
    File.WriteAllText(output.PathOf("standardizer.json"), standardizer.ToJson());
    string best = output.PathOf("best.ckpt");
    var checkpoint = new ModelCheckpoint(best) { Monitor = MetricKeys.ValidationAccuracy, SaveBestOnly = true };
    var augmentation = settings.CreateAugmentation(arguments.Seed);
    using var disposeAugmentation = augmentation as IDisposable;
    var options = new TrainerOptions
    {
        Epochs = arguments.Epochs ?? settings.Epochs,
        BatchSize = arguments.BatchSize ?? settings.BatchSize,
        Seed = arguments.Seed,
        ValidationSplit = 0.1,
        Device = arguments.Device,
        Loss = Losses.CategoricalCrossEntropy(fromLogits: false),
        Optimizer = settings.Optimizer,
        Schedule = settings.Schedule?.Invoke(),
        Augmentation = augmentation,
        Metrics = { new Accuracy() },
        Callbacks = { checkpoint, new ModelCheckpoint(output.PathOf("last.ckpt")) },
        Progress = new DeepLearning.Examples.ConsoleProgress(arguments.Quiet),
    };
    var trainer = new Trainer(options);
    Console.WriteLine($"Training {arguments.Model} ({model.TrainableParameterCount:N0} parameters) for {options.Epochs} epochs, batch {options.BatchSize}.");
    var clock = Stopwatch.StartNew();
    History history = trainer.Fit(model, dataset, resumeFrom: arguments.Resume);
    clock.Stop();
    Console.WriteLine($"Device: {history.Device} ({history.DeviceReason}); {clock.Elapsed.TotalSeconds:F0} s.");

    // Evaluate the weights of the best validation epoch on the test images.
    var bestInfo = Checkpoint.Inspect(best);
    Checkpoint.LoadWeights(best, model);
    model.eval();
    using var probabilities = trainer.Predict(model, xTest);
    double[,] p = ToArray(probabilities);
    int[] labels = test.Labels.data<long>().ToArray().Select(l => (int)l).ToArray();
    int[] predicted = Predictions.ArgMax(p);
    var names = test.ClassNames;
    var confusion = ConfusionMatrix.Compute(labels, predicted, 10, classNames: names);
    var report = ClassificationReport.Compute(labels, predicted, 10, classNames: names);
    var ovr = OneVsRestRoc.Compute(labels, p, classNames: names);
    var accuracy = BinomialInterval.Compute(labels.Zip(predicted, (a, b) => a == b).Count(c => c), labels.Length, confidenceLevel: 0.95);

    output.AddHistory(history, bestInfo.Epoch);
    output.Report.AddFigure("confusion_matrix", ConfusionMatrixDisplay.From(confusion, ConfusionNormalization.True).Plot(),
        "Confusion matrix on the test images (rows: true class, normalised)");
    var rocs = new RocDisplay();
    for (int c = 0; c < ovr.Curves.Count; c++) rocs.Add(ovr.Curves[c], names[c]);
    output.Report.AddFigure("roc_one_vs_rest", rocs.Plot(), "One-vs-rest ROC curves per class");
    output.Metric("test_accuracy", report.Accuracy);
    output.Metric("test_accuracy_ci", new JsonArray(accuracy.Lower, accuracy.Upper));
    output.Metric("test_images", labels.Length);
    output.Metric("auc_macro", ovr.MacroAuc);
    output.Metric("parameters", model.TrainableParameterCount);
    output.Metric("confusion_matrix", ToJson(confusion));
    output.AddSection("Classification report (test images)", "```\n" + report.ToText() + "\n```");
    string path = output.Finish(arguments, data, summary, history);
    Console.WriteLine($"Test accuracy {report.Accuracy:P2} (95% CI {accuracy.Lower:P1}-{accuracy.Upper:P1}) on {labels.Length:N0} images, best epoch {bestInfo.Epoch}.");
    Console.WriteLine($"Report: {path}");
    return 0;
}

static double[,] ToArray(Tensor probabilities)
{
    using var cpu = probabilities.to(float64).cpu();
    var values = cpu.data<double>().ToArray();
    int n = (int)cpu.shape[0], k = (int)cpu.shape[1];
    var result = new double[n, k];
    Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(double));
    return result;
}

static JsonArray ToJson(ConfusionMatrix matrix)
{
    var rows = new JsonArray();
    for (int i = 0; i < matrix.NumClasses; i++)
    {
        var row = new JsonArray();
        for (int j = 0; j < matrix.NumClasses; j++) row.Add(matrix[i, j]);
        rows.Add(row);
    }
    return rows;
}
