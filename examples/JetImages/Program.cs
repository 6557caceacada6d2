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
    // Model: the lecture's 2D CNN on 100x100 jet images, ending in a softmax over five classes; cnn_mass adds a
    // jet-mass regression head beside it (two outputs, a loss each, weighted).
    bool withMass = arguments.Model == "cnn_mass";
    using var model = withMass ? JetImageModels.CnnWithMass(pixels: 100, arguments.Seed) : JetImageModels.Cnn(pixels: 100).Build(arguments.Seed);
    if (arguments.SummaryOnly) return ExampleCommand.PrintSummary(model);
    ExampleCommand.CheckOnnxExport(model, arguments);   // refuses a model ONNX cannot express before training
    using var scope = NewDisposeScope();   // frees every tensor below when the run ends

    // Data: jetImage_*.h5 files from --data, else the default data folders, else toy jets; a stratified 25% test set.
    var run = new RunReport(arguments.Out, "HLS4ML jet images, 2D CNN");
    var files = Hls4mlFiles.LocateOrWriteToy(arguments.Data, run.PathOf("toy-data"), arguments.Seed);
    Console.WriteLine($"Data: {files.Description}");
    var jets = files.Read(includeImages: true, includeConstituents: false);
    long count = Math.Min(arguments.Limit ?? long.MaxValue, jets.Count);
    var images = jets.Images!.narrow(0, 0, count);
    var labels = jets.Labels.narrow(0, 0, count);
    int massColumn = jets.FeatureNames.ToList().IndexOf("j_mass");
    if (withMass && massColumn < 0) throw new ArgumentException($"--model cnn_mass needs the jet feature 'j_mass'; {files.Description} has {string.Join(", ", jets.FeatureNames)}.");
    var mass = withMass ? jets.Features.narrow(0, 0, count).narrow(1, massColumn, 1) : null;   // (N, 1) in GeV
    var split = DatasetSplit.Indices(new TensorDataset(images, labels), 0.0, 0.25, arguments.Seed);
    Tensor Rows(Tensor t, IReadOnlyList<long> rows) => t.index_select(0, tensor(rows.ToArray()));
    var standardizer = new Standardizer(StandardizationAxes.PerChannel);
    var massScaler = new Standardizer();
    var trainImages = standardizer.FitTransform(Rows(images, split.Train));
    var train = withMass
        ? new TensorDataset([trainImages], new Dictionary<string, Tensor> { ["class"] = Rows(labels, split.Train), ["mass"] = massScaler.FitTransform(Rows(mass!, split.Train)) })
        : new TensorDataset(trainImages, Rows(labels, split.Train));

    // Options: Adam on the categorical cross-entropy (cnn_mass: plus the mean squared error of the standardised mass,
    // weighted by 0.5), random reflections of the images, early stopping on the total validation loss.
    var early = new EarlyStopping { Patience = 5, RestoreBestWeights = true };
    var options = new TrainerOptions
    {
        Epochs = arguments.Epochs ?? 20,
        BatchSize = arguments.BatchSize ?? 64,
        Seed = arguments.Seed,
        ValidationSplit = 0.2,
        Device = arguments.Device,
        Optimizer = Optimizers.Adam(1e-3),
        Augmentation = new JetImageReflection(arguments.Seed + 1),
        Callbacks = { early, new TerminateOnNaN(), new ModelCheckpoint(run.PathOf("best.ckpt")) { SaveBestOnly = true } },
        Verbose = arguments.Quiet ? Verbosity.EpochLines : Verbosity.Auto,
    };
    if (withMass)
    {
        options.Losses["class"] = Losses.CategoricalCrossEntropy(fromLogits: false);
        options.Losses["mass"] = Losses.MeanSquaredError();
        options.LossWeights["class"] = 1.0;
        options.LossWeights["mass"] = 0.5;
        options.OutputMetrics["class"] = [new Accuracy()];
        options.OutputMetrics["mass"] = [new MeanAbsoluteError()];
    }
    else
    {
        options.Loss = Losses.CategoricalCrossEntropy(fromLogits: false);
        options.Metrics.Add(new Accuracy());
    }
    var trainer = new Trainer(options);
    History history = trainer.Fit(model, train, resumeFrom: arguments.Resume);
    ExampleCommand.ExportOnnx(model, arguments);   // the best epoch's weights, restored by early stopping

    var testImages = standardizer.Transform(Rows(images, split.Test));
    Tensor testScores;
    if (withMass)
    {
        var outputs = trainer.PredictOutputs(model, [testImages]);
        testScores = outputs["class"];
        var predictedMass = massScaler.InverseTransform(outputs["mass"]);
        var display = RegressionDisplay.From(predictedMass.squeeze(1), Rows(mass!, split.Test).squeeze(1));
        display.Quantity = "jet mass j_mass [GeV]";
        run.Writer.AddFigure("mass_regression", display.Figure(), "Predicted against true jet mass on the test set (the auxiliary output), and the residuals");
        run.Writer.Metrics["mass_rmse_gev"] = display.Rmse;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Jet mass head: test RMSE {display.Rmse:F1} GeV"));
    }
    else
    {
        testScores = trainer.Predict(model, testImages);
    }

    string report = run.Write(new RunResult
    {
        Model = model, History = history, Data = files.Description, BestEpoch = early.BestEpoch > 0 ? early.BestEpoch : null,
        TestScores = testScores, TestLabels = Rows(labels, split.Test), ClassNames = Hls4mlJets.ClassNames,
    });
    return ExampleCommand.PrintResult(run, history, report);
}
