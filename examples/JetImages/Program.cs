using DeepLearning.Examples;
using DeepLearning.Examples.JetImages;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Augmentation;
using DeepLearning.Torch.Data.Preprocessing;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.Metrics;
using static TorchSharp.torch;

return ExampleCommand.Run("jetimages", "HLS4ML jet images: a 2D CNN classifying g, q, W, Z and t jets.", JetImageModels.Names, args, Run);

static int Run(ExampleArguments arguments)
{
    // Model: the lecture's 2D CNN on 100x100 jet images, ending in a softmax over five classes.
    using var model = JetImageModels.Cnn(pixels: 100).Build(arguments.Seed);
    if (arguments.SummaryOnly) return ExampleCommand.PrintSummary(model);
    ExampleCommand.CheckOnnxExport(model, arguments);   // refuses a model ONNX cannot express before training
    using var scope = NewDisposeScope();   // frees every tensor below when the run ends

    // Data: jetImage_*.h5 files from --data, else the default data folders, else toy jets; a stratified 25% test set.
    var run = new RunReport(arguments.Out, "HLS4ML jet images, 2D CNN");
    var files = Hls4mlFiles.LocateOrWriteToy(arguments.Data, run.PathOf("toy-data"), arguments.Seed);
    Console.WriteLine($"Data: {files.Description}");
    var jets = files.Read(includeImages: true, includeConstituents: false);
    long count = Math.Min(arguments.Limit ?? long.MaxValue, jets.Count);
    var split = DatasetSplit.Split(new TensorDataset(jets.Images!.narrow(0, 0, count), jets.Labels.narrow(0, 0, count)), 0.0, 0.25, arguments.Seed);
    var standardizer = new Standardizer(StandardizationAxes.PerChannel);
    var train = new TensorDataset(standardizer.FitTransform(split.Train.Features), split.Train.Labels);

    // Options: Adam on the categorical cross-entropy, random reflections of the images, early stopping.
    var early = new EarlyStopping { Patience = 5, RestoreBestWeights = true };
    var trainer = new Trainer(new TrainerOptions
    {
        Epochs = arguments.Epochs ?? 20,
        BatchSize = arguments.BatchSize ?? 64,
        Seed = arguments.Seed,
        ValidationSplit = 0.2,
        Device = arguments.Device,
        Loss = Losses.CategoricalCrossEntropy(fromLogits: false),
        Optimizer = Optimizers.Adam(1e-3),
        Augmentation = new JetImageReflection(arguments.Seed + 1),
        Metrics = { new Accuracy() },
        Callbacks = { early, new TerminateOnNaN(), new ModelCheckpoint(run.PathOf("best.ckpt")) { SaveBestOnly = true } },
        Verbose = arguments.Quiet ? Verbosity.EpochLines : Verbosity.Auto,
    });
    History history = trainer.Fit(model, train, resumeFrom: arguments.Resume);
    ExampleCommand.ExportOnnx(model, arguments);   // the best epoch's weights, restored by early stopping

    string report = run.Write(new RunResult
    {
        Model = model, History = history, Data = files.Description, BestEpoch = early.BestEpoch > 0 ? early.BestEpoch : null,
        TestScores = trainer.Predict(model, standardizer.Transform(split.Test!.Features)), TestLabels = split.Test.Labels!, ClassNames = Hls4mlJets.ClassNames,
    });
    return ExampleCommand.PrintResult(run, history, report);
}
