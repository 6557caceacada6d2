using DeepLearning.Examples;
using DeepLearning.Examples.TopTagging;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Preprocessing;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.Metrics;
using static TorchSharp.torch;

if (args is ["compare", var folder]) return ExampleCommand.Compare(folder);   // one report over the runs in folder/*
if (args is ["write-toy", var toyFolder, var toyJets]) return WriteToy(toyFolder, int.Parse(toyJets, System.Globalization.CultureInfo.InvariantCulture));
return ExampleCommand.Run("toptagging", "Top-quark tagging: a dense network on constituents (dnn), a CNN on jet images (cnn), or set models on the hardest constituents with their mask (pfn, particlenet, transformer).",
    TopTaggingModels.Names, args, Run);

static int Run(ExampleArguments arguments)
{
    // Model: a dense network on the 200 constituents' features, a CNN on jet images, or a set model; each outputs a logit.
    using var model = TopTaggingModels.Build(arguments.Model, constituents: 200, arguments.Seed);
    if (arguments.SummaryOnly) return ExampleCommand.PrintSummary(model);
    ExampleCommand.CheckOnnxExport(model, arguments);   // refuses a model ONNX cannot express before training
    using var scope = NewDisposeScope();   // frees every tensor below when the run ends

    // Data: train.h5, val.h5 and test.h5 from --data, else the default data folders, else toy jets.
    var run = new RunReport(arguments.Out, $"Top tagging, model {arguments.Model}");
    var files = TopTaggingFiles.LocateOrWriteToy(arguments.Data, run.PathOf("toy-data"), arguments.Seed);
    Console.WriteLine($"Data: {files.Description}");
    var (trainJets, valJets, testJets) = (files.ReadTraining(arguments.Limit), files.ReadValidation(), files.ReadTest());
    var standardizer = new Standardizer(TopTaggingModels.StandardizationFor(arguments.Model));
    List<Tensor> Prepare(TopTaggingJets jets, bool fit)
    {
        var inputs = TopTaggingModels.Inputs(arguments.Model, jets);
        TopTaggingModels.Standardize(arguments.Model, standardizer, inputs, fit);
        return inputs;
    }
    var xTrain = Prepare(trainJets, fit: true);
    var train = new TensorDataset(xTrain, trainJets.Labels.to_type(float32).unsqueeze(1));
    var validation = valJets is null ? null : new TensorDataset(Prepare(valJets, fit: false), valJets.Labels.to_type(float32).unsqueeze(1));
    var xTest = Prepare(testJets, fit: false);
    File.WriteAllText(run.PathOf("standardizer.json"), standardizer.ToJson());

    // Options: Adam on the binary cross-entropy of the logit; early stopping restores the best epoch's weights.
    var early = new EarlyStopping { Patience = 5, RestoreBestWeights = true };
    var trainer = new Trainer(new TrainerOptions
    {
        Epochs = arguments.Epochs ?? 20,
        BatchSize = arguments.BatchSize ?? 128,
        Seed = arguments.Seed,
        ValidationSplit = validation is null ? 0.2 : 0,
        Device = arguments.Device,
        Loss = Losses.BinaryCrossEntropy(fromLogits: true),
        Optimizer = Optimizers.Adam(1e-3),
        Metrics = { new Accuracy(threshold: 0) },
        Callbacks = { early, new TerminateOnNaN(), new ModelCheckpoint(run.PathOf("best.ckpt")) { SaveBestOnly = true }, new ModelCheckpoint(run.PathOf("last.ckpt")) },
        Verbose = arguments.Quiet ? Verbosity.EpochLines : Verbosity.Auto,
    });
    // SIGTERM/SIGUSR1 (a batch system preempting the run) stop training at the next batch; last.ckpt resumes it.
    using var preemption = new PreemptionSignal();
    History history = trainer.Fit(model, train, validation, resumeFrom: arguments.Resume, cancellationToken: preemption.Token);
    if (preemption.Received)
    {
        Console.Error.WriteLine($"{preemption.SignalName} received: stopped in epoch {history.Epochs.Count + 1}; resume with --resume {run.PathOf("last.ckpt")}");
        return PreemptionSignal.ExitCode;
    }

    ExampleCommand.ExportOnnx(model, arguments);   // the best epoch's weights, restored by early stopping
    long shown = Math.Min(train.Count, testJets.Count);   // training jets scored for the overtraining check
    string report = run.Write(new RunResult
    {
        Model = model, History = history, Data = files.Description, BestEpoch = early.BestEpoch > 0 ? early.BestEpoch : null,
        TestScores = trainer.Predict(model, xTest).sigmoid(), TestLabels = testJets.Labels,
        TrainScores = trainer.Predict(model, xTrain.Select(x => x.narrow(0, 0, shown)).ToList()).sigmoid(), TrainLabels = trainJets.Labels.narrow(0, 0, shown),
    });
    return ExampleCommand.PrintResult(run, history, report);
}

// write-toy DIR N: toy jets (ToyJetGenerator) for --data DIR: N training, N/5 validation and N/2 test jets, seeds 42, 43, 44.
static int WriteToy(string folder, int jets)
{
    Directory.CreateDirectory(folder);
    foreach (var (file, count, seed) in new[] { ("train.h5", jets, 42), ("val.h5", jets / 5, 43), ("test.h5", jets / 2, 44) })
        DeepLearning.Torch.Data.Jets.ToyJetWriter.WriteTopTagging(Path.Combine(folder, file), count, seed);
    Console.WriteLine($"Toy jets: {jets:N0} / {jets / 5:N0} / {jets / 2:N0} in {Path.GetFullPath(folder)}");
    return 0;
}
