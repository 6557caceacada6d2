using System.Globalization;
using System.Text;
using DeepLearning.Examples;
using DeepLearning.Examples.TopTagging;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Jets;
using DeepLearning.Torch.Data.Preprocessing;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Checkpoints;
using DeepLearning.Torch.Training.Metrics;
using static TorchSharp.torch;

return ExampleCommand.Run("toptagging", "Top-quark tagging: a dense network on constituents (dnn) or a CNN on jet images (cnn).",
    TopTaggingModels.Names, args, Run);

static int Run(ExampleArguments arguments)
{
    const int Constituents = 200;
    using var model = TopTaggingModels.Create(arguments.Model, Constituents).Build(arguments.Seed);
    string summary = model.Summary();
    if (arguments.SummaryOnly)
    {
        Console.WriteLine(summary);
        return 0;
    }

    string root = Directory.CreateDirectory(arguments.Out).FullName;
    var data = JetData.Locate(arguments.Data, root, arguments.Seed);
    Console.WriteLine($"Data: {data.Description}");
    using var trainJets = TopTaggingReader.Read(data.Train, count: arguments.Limit is int l ? Math.Min(l, TopTaggingReader.CountJets(data.Train)) : null);
    using var valJets = data.Validation is null ? null : TopTaggingReader.Read(data.Validation);
    using var testJets = TopTaggingReader.Read(data.Test);

    // Inputs: the four-vectors themselves (dnn) or 40x40 pT images centred, rotated and flipped (cnn); standardised on training jets.
    var images = new JetImageBuilder(new JetImageOptions { Pixels = TopTaggingModels.ImagePixels });
    Tensor Features(TopTaggingJets jets) => arguments.Model == "cnn" ? images.Build(jets.Constituents) : jets.Constituents.alias();
    using var standardizer = new Standardizer(arguments.Model == "cnn" ? StandardizationAxes.PerChannel : StandardizationAxes.PerElement);
    using var rawTrain = Features(trainJets);
    using var xTrain = standardizer.FitTransform(rawTrain);
    using var rawVal = valJets is null ? null : Features(valJets);
    using var xVal = rawVal is null ? null : standardizer.Transform(rawVal);
    using var rawTest = Features(testJets);
    using var xTest = standardizer.Transform(rawTest);
    using var yTrain = trainJets.Labels.to_type(float32).unsqueeze(1);
    using var yVal = valJets?.Labels.to_type(float32).unsqueeze(1);
    using var train = new TensorDataset(xTrain, yTrain);
    using var validation = xVal is null ? null : new TensorDataset(xVal, yVal);

    string folder = Directory.CreateDirectory(Path.Combine(root, arguments.Model)).FullName;
    var output = new RunOutput(folder, $"Top tagging, model {arguments.Model}");
    File.WriteAllText(output.PathOf("standardizer.json"), standardizer.ToJson());
    string best = output.PathOf("best.ckpt");
    var early = new EarlyStopping { Patience = 5, RestoreBestWeights = true };
    var options = new TrainerOptions
    {
        Epochs = arguments.Epochs ?? 20,
        BatchSize = arguments.BatchSize ?? 128,
        Seed = arguments.Seed,
        ValidationSplit = validation is null ? 0.2 : 0,
        Device = arguments.Device,
        Loss = Losses.BinaryCrossEntropy(fromLogits: true),
        Optimizer = Optimizers.Adam(1e-3),
        Metrics = { new Accuracy(threshold: 0) },
        Callbacks = { early, new TerminateOnNaN(), new ModelCheckpoint(best) { SaveBestOnly = true }, new ModelCheckpoint(output.PathOf("last.ckpt")) },
        Progress = new ConsoleProgress(arguments.Quiet),
    };
    var trainer = new Trainer(options);
    Console.WriteLine($"Training {arguments.Model} ({model.TrainableParameterCount:N0} parameters) on {train.Count:N0} jets for up to {options.Epochs} epochs.");
    History history = trainer.Fit(model, train, validation, resumeFrom: arguments.Resume);
    Console.WriteLine($"Device: {history.Device} ({history.DeviceReason}); {history.StopReason} after {history.Epochs.Count} epochs.");

    // The best weights (lowest val_loss) are in the model (EarlyStopping restores them on every exit path).
    model.eval();
    double[] testScores = Scores(trainer, model, xTest);
    long trainShown = Math.Min(train.Count, testJets.Count);
    using var trainSubset = xTrain.narrow(0, 0, trainShown);
    double[] trainScores = Scores(trainer, model, trainSubset);
    int[] testLabels = Labels(testJets.Labels, testJets.Count);
    int[] trainLabels = Labels(trainJets.Labels, trainShown);
    var table = ScoreTable.FromBinary([.. testScores, .. trainScores], [.. testLabels, .. trainLabels], null,
        [.. testScores.Select(_ => false), .. trainScores.Select(_ => true)]);
    ScoreReport.AddTo(output.Report, table, new ScoreReportOptions { Seed = unchecked((int)arguments.Seed) }, arguments.Model);
    output.AddHistory(history, early.BestEpoch > 0 ? early.BestEpoch : null);
    WriteScores(output.PathOf("scores.csv"), testScores, testLabels, trainScores, trainLabels);
    string report = output.Finish(arguments, data.Description, summary, history);

    var metrics = output.Report.Metrics;
    string Rejection(string eff) => metrics["rejection"]?[eff] switch
    {
        System.Text.Json.Nodes.JsonObject limit => string.Create(CultureInfo.InvariantCulture,
            $"> {limit["lower_limit"]!.GetValue<double>():F1} at {limit["cl"]!.GetValue<double>() * 100:0.#}% CL (no background passes)"),
        { } v => v.GetValue<double>().ToString("F1", CultureInfo.InvariantCulture),
        null => "not computed",
    };
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Test AUC {metrics["auc"]!.GetValue<double>():F4}  1/eps_B at eps_S=0.3: {Rejection("0.3")}, at 0.5: {Rejection("0.5")}"));
    Console.WriteLine($"Report: {report}");
    string comparison = ModelComparison.Write(root, TopTaggingModels.Names);
    if (comparison.Length > 0) Console.WriteLine($"Comparison of the models in {root}: {comparison}");
    return 0;
}

static double[] Scores(Trainer trainer, DeepLearning.Torch.Models.Model model, Tensor x)
{
    using var logits = trainer.Predict(model, x);
    using var probabilities = logits.sigmoid().to(float64).flatten();
    return probabilities.data<double>().ToArray();
}

static int[] Labels(Tensor labels, long count)
{
    using var slice = labels.narrow(0, 0, count).to(int32);
    return slice.data<int>().ToArray();
}

static void WriteScores(string path, double[] testScores, int[] testLabels, double[] trainScores, int[] trainLabels)
{
    var csv = new StringBuilder("score,label,split\n");
    for (int i = 0; i < testScores.Length; i++) csv.Append(CultureInfo.InvariantCulture, $"{testScores[i]:R},{testLabels[i]},test\n");
    for (int i = 0; i < trainScores.Length; i++) csv.Append(CultureInfo.InvariantCulture, $"{trainScores[i]:R},{trainLabels[i]},train\n");
    File.WriteAllText(path, csv.ToString());
}
