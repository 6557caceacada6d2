using DeepLearning.Examples;
using DeepLearning.Examples.Cifar10;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Preprocessing;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Checkpoints;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.Metrics;
using static TorchSharp.torch;

return ExampleCommand.Run("cifar10", "CIFAR-10 image classification: the lecture models (fc, cnn, dcnn) and a small ResNet.",
    CifarModels.Names, args, Run);

static int Run(ExampleArguments arguments)
{
    // Model: one of the lecture models or ResNet-20, each ending in a softmax over the ten classes.
    var settings = CifarSettings.For(arguments.Model);
    using var model = CifarModels.Create(arguments.Model).Build(arguments.Seed);
    if (arguments.SummaryOnly) return ExampleCommand.PrintSummary(model);
    ExampleCommand.CheckOnnxExport(model, arguments);   // refuses a model ONNX cannot express before training
    using var scope = NewDisposeScope();   // frees every tensor below when the run ends

    // Data: the CIFAR-10 binary files from --data or the default data folders, standardised per pixel and channel.
    var files = Cifar10Files.Locate(arguments.Data);
    Console.WriteLine($"Data: {files.Description}");
    var (train, test) = (files.ReadTraining(arguments.Limit), files.ReadTest());
    var standardizer = new Standardizer(StandardizationAxes.PerElement);
    var dataset = new TensorDataset(standardizer.FitTransform(train.Images), train.Labels);
    var run = new RunReport(arguments.Out, $"CIFAR-10, model {arguments.Model}");
    File.WriteAllText(run.PathOf("standardizer.json"), standardizer.ToJson());

    // Options: the lecture's (Adam, categorical cross-entropy, 10% validation); augmentation and a schedule for dcnn and resnet.
    var trainer = new Trainer(new TrainerOptions
    {
        Epochs = arguments.Epochs ?? settings.Epochs,
        BatchSize = arguments.BatchSize ?? settings.BatchSize,
        Seed = arguments.Seed,
        ValidationSplit = 0.1,
        Device = arguments.Device,
        Loss = Losses.CategoricalCrossEntropy(fromLogits: false),
        Optimizer = settings.Optimizer,
        Schedule = settings.Schedule?.Invoke(),
        Augmentation = settings.CreateAugmentation(arguments.Seed),
        Metrics = { new Accuracy() },
        Callbacks = { new ModelCheckpoint(run.PathOf("best.ckpt")) { MonitorKey = MetricKeys.ValidationAccuracy, SaveBestOnly = true }, new ModelCheckpoint(run.PathOf("last.ckpt")) },
        Verbose = arguments.Quiet ? Verbosity.EpochLines : Verbosity.Auto,
    });
    History history = trainer.Fit(model, dataset, resumeFrom: arguments.Resume);

    // Report: the weights of the best validation epoch on the test images.
    Checkpoint.LoadWeights(run.PathOf("best.ckpt"), model);
    ExampleCommand.ExportOnnx(model, arguments);
    string report = run.Write(new RunResult
    {
        Model = model, History = history, Data = files.Description, BestEpoch = Checkpoint.Inspect(run.PathOf("best.ckpt")).Epoch,
        TestScores = trainer.Predict(model, standardizer.Transform(test.Images)), TestLabels = test.Labels, ClassNames = test.ClassNames,
    });
    return ExampleCommand.PrintResult(run, history, report);
}
