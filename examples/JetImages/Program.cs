using System.Text.Json.Nodes;
using DeepLearning.Examples;
using DeepLearning.Examples.JetImages;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Augmentation;
using DeepLearning.Torch.Data.Jets;
using DeepLearning.Torch.Data.Preprocessing;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Metrics;
using static TorchSharp.torch;

return ExampleCommand.Run("jetimages", "HLS4ML jet images: a 2D CNN classifying g, q, W, Z and t jets.", JetImageModels.Names, args, Run);

static int Run(ExampleArguments arguments)
{
    var (files, description) = LocateFiles(arguments);
    if (arguments.SummaryOnly)
    {
        using var preview = JetImageModels.Cnn(100).Build(arguments.Seed);
        Console.WriteLine(preview.Summary());
        return 0;
    }
    Console.WriteLine($"Data: {description}");
    using var jets = Hls4mlJetReader.Read(files, includeImages: true, includeConstituents: false);
    long count = Math.Min(arguments.Limit ?? long.MaxValue, jets.Count);
    int pixels = (int)jets.Images!.shape[2];
    using var model = JetImageModels.Cnn(pixels).Build(arguments.Seed);
    string summary = model.Summary();

    // Hold out a stratified 25% test set; standardise pixel intensities (one mean and std for the channel) on the rest.
    using var all = new TensorDataset(jets.Images.narrow(0, 0, count), jets.Labels.narrow(0, 0, count));
    using var split = DatasetSplit.Split(all, 0.0, 0.25, arguments.Seed);
    using var standardizer = new Standardizer(StandardizationAxes.PerChannel);
    using var xTrain = standardizer.FitTransform(split.Train.Features);
    using var xTest = standardizer.Transform(split.Test!.Features);
    using var train = new TensorDataset(xTrain, split.Train.Labels);

    var output = new RunOutput(arguments.Out, "HLS4ML jet images, 2D CNN");
    var early = new EarlyStopping { Patience = 5, RestoreBestWeights = true };
    using var reflections = new JetImageReflection(arguments.Seed + 1);
    var options = new TrainerOptions
    {
        Epochs = arguments.Epochs ?? 20,
        BatchSize = arguments.BatchSize ?? 64,
        Seed = arguments.Seed,
        ValidationSplit = 0.2,
        Device = arguments.Device,
        Loss = Losses.CategoricalCrossEntropy(fromLogits: false),
        Optimizer = Optimizers.Adam(1e-3),
        Augmentation = reflections,
        Metrics = { new Accuracy() },
        Callbacks = { early, new TerminateOnNaN(), new ModelCheckpoint(output.PathOf("best.ckpt")) { SaveBestOnly = true } },
        Progress = new DeepLearning.Examples.ConsoleProgress(arguments.Quiet),
    };
    var trainer = new Trainer(options);
    Console.WriteLine($"Training on {train.Count:N0} jets ({pixels}x{pixels} images), testing on {xTest.shape[0]:N0}.");
    History history = trainer.Fit(model, train, resumeFrom: arguments.Resume);

    model.eval();
    using var probabilities = trainer.Predict(model, xTest);
    double[,] p = ToArray(probabilities);
    int[] labels = split.Test.Labels!.to(int32).data<int>().ToArray();
    var names = Hls4mlJets.ClassNames;
    var ovr = OneVsRestRoc.Compute(labels, p, classNames: names);
    var confusion = ConfusionMatrix.FromProbabilities(labels, p, classNames: names);
    var report = ClassificationReport.Compute(labels, Predictions.ArgMax(p), names.Count, classNames: names);

    output.AddHistory(history, early.BestEpoch > 0 ? early.BestEpoch : null);
    var rocs = new RocDisplay();
    for (int c = 0; c < ovr.Curves.Count; c++) rocs.Add(ovr.Curves[c], names[c]);
    output.Report.AddFigure("roc_one_vs_rest", rocs.Plot(), "One-vs-rest ROC curve per class (test jets)");
    output.Report.AddFigure("confusion_matrix", ConfusionMatrixDisplay.From(confusion, ConfusionNormalization.True).Plot(),
        "Confusion matrix (rows: true class, normalised)");
    output.Metric("accuracy", report.Accuracy);
    output.Metric("auc_macro", ovr.MacroAuc);
    output.Metric("auc_weighted", ovr.WeightedAuc);
    output.Metric("auc_per_class", new JsonObject(names.Select((n, c) => KeyValuePair.Create(n, (JsonNode?)ovr.PerClassAuc[c]))));
    output.Metric("test_jets", labels.Length);
    output.AddSection("Classification report (test jets)", "```\n" + report.ToText() + "\n```");
    string path = output.Finish(arguments, description, summary, history);
    Console.WriteLine($"Test accuracy {report.Accuracy:P1}, macro AUC {ovr.MacroAuc:F4}. Report: {path}");
    return 0;
}

static (string[] Files, string Description) LocateFiles(ExampleArguments arguments)
{
    foreach (var (entry, what) in new[] { ("hls4ml", "HLS4ML LHC jet dataset"), ("hls4ml-format", "HLS4ML layout samples (toy content)") })
    {
        try
        {
            string folder = DataRoot.Locate(entry, arguments.Data);
            string[] files = Directory.GetFiles(folder, "jetImage_*.h5", SearchOption.AllDirectories).Order().ToArray();
            if (files.Length > 0) return (files, $"{what}: {files.Length} file(s) in {folder}");
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
    string toy = Directory.CreateDirectory(Path.Combine(arguments.Out, "toy-data")).FullName;
    string path = Path.Combine(toy, "jetImage_toy_100p_0_5000.h5");
    if (!File.Exists(path)) ToyJetWriter.WriteHls4ml(path, 5000, unchecked((int)arguments.Seed));
    return ([path], $"TOY jets generated with seed {arguments.Seed} in {toy} (no dataset found; see data/README.md)");
}

static double[,] ToArray(Tensor probabilities)
{
    using var cpu = probabilities.to(float64).cpu();
    var values = cpu.data<double>().ToArray();
    var result = new double[cpu.shape[0], cpu.shape[1]];
    Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(double));
    return result;
}
