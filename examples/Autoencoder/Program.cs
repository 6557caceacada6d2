using DeepLearning.Examples;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using static TorchSharp.torch;

return ExampleCommand.Run("autoencoder", "MNIST anomaly detection: an autoencoder trained on every digit but one; reconstruction error as the anomaly score.", ["dense"], args, Run);

static int Run(ExampleArguments arguments)
{
    const int anomaly = 7;   // the digit left out of training: the "new physics" the autoencoder never saw
    // Model: a dense autoencoder 784 -> 128 -> 32 -> 128 -> 784, sigmoid pixels in [0, 1].
    using var model = new Sequential("mnist_autoencoder", InitPreset.Keras)
    {
        new Input(1, 28, 28), new Flatten(),
        new Dense(128, Activation.Relu), new Dense(32, Activation.Relu),   // the 32-number bottleneck
        new Dense(128, Activation.Relu), new Dense(784, Activation.Sigmoid),
        new Reshape(1, 28, 28),
    }.Build(arguments.Seed);
    if (arguments.SummaryOnly) return ExampleCommand.PrintSummary(model);
    ExampleCommand.CheckOnnxExport(model, arguments);   // refuses a model ONNX cannot express before training
    using var scope = NewDisposeScope();   // frees every tensor below when the run ends

    // Data: MNIST; the training set when present, else the 10,000 official test images split 75/25 here.
    var run = new RunReport(arguments.Out, $"MNIST autoencoder, anomaly detection of digit {anomaly}");
    var mnist = MnistData.Read(arguments.Data, arguments.Limit, arguments.Seed);
    Console.WriteLine($"Data: {mnist.Description}");
    var train = mnist.TrainImages.index_select(0, (mnist.TrainLabels != anomaly).nonzero().squeeze(1));
    using var trainSet = new TensorDataset(train, train);   // the target is the input itself

    // Options: Adam on the pixel-wise mean squared error, early stopping on the validation loss.
    var early = new EarlyStopping { Patience = 3, RestoreBestWeights = true };
    var trainer = new Trainer(new TrainerOptions
    {
        Epochs = arguments.Epochs ?? 10,
        BatchSize = arguments.BatchSize ?? 128,
        Seed = arguments.Seed,
        ValidationSplit = 0.2,
        Device = arguments.Device,
        Loss = Losses.MeanSquaredError(),
        Optimizer = Optimizers.Adam(1e-3),
        Callbacks = { early, new TerminateOnNaN(), new ModelCheckpoint(run.PathOf("best.ckpt")) { SaveBestOnly = true } },
        Verbose = arguments.Quiet ? Verbosity.EpochLines : Verbosity.Auto,
    });
    History history = trainer.Fit(model, trainSet, resumeFrom: arguments.Resume);
    ExampleCommand.ExportOnnx(model, arguments);   // the best epoch's weights, restored by early stopping

    // Anomaly score: each test image's mean squared reconstruction error; the left-out digit is the signal (label 1).
    var reconstructed = trainer.Predict(model, mnist.TestImages);
    var error = (reconstructed - mnist.TestImages).square().mean([1L, 2L, 3L]);
    var isAnomaly = (mnist.TestLabels == anomaly).to_type(ScalarType.Int64);
    var examples = cat([mnist.TestImages.narrow(0, 0, 10), reconstructed.narrow(0, 0, 10)], 0);
    run.Writer.AddFigure("reconstructions", ImageGridDisplay.From(examples, columns: 10).Plot(), "Test images (top) and their reconstructions (bottom)");
    run.Writer.Metrics["anomaly_digit"] = anomaly;
    string report = run.Write(new RunResult
    {
        Model = model, History = history, Data = mnist.Description, BestEpoch = early.BestEpoch > 0 ? early.BestEpoch : null,
        TestScores = error, TestLabels = isAnomaly,
    });
    return ExampleCommand.PrintResult(run, history, report);
}
