using DeepLearning.Torch.Data;
using DeepLearning.Torch.Runtime;
using DeepLearning.Torch.Training.Core;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>
/// Fits any <c>Module&lt;Tensor, Tensor&gt;</c> with mini-batch gradient descent: seeded shuffling, validation,
/// metrics, learning-rate schedules, gradient clipping, callbacks and exact resume from checkpoints. Evaluates and
/// predicts in batches. One dispose scope per batch keeps native memory flat. By default Fit shows its progress on the
/// console (<see cref="TrainerOptions.Verbose"/>), logs warnings to standard error and stops at a non-finite loss.
/// </summary>
/// <remarks>
/// Several inputs (Keras' <c>model.fit([x1, x2], y)</c>): give a <see cref="TensorDataset"/> built from several tensors
/// and a <see cref="Models.Model"/> with as many inputs (<c>Model.FromGraph</c>); each batch calls
/// <see cref="Models.Model.Forward(Tensor[])"/> with the same rows of every input.
/// A plain module (not a <see cref="Models.Model"/>) takes exactly one input. <see cref="TrainerOptions.Augmentation"/>
/// applies to the first input only.
/// Several outputs (Keras' <c>loss={...}, loss_weights={...}</c>): one label tensor per output in the dataset,
/// <see cref="TrainerOptions.Losses"/>, <see cref="TrainerOptions.LossWeights"/> and <see cref="TrainerOptions.OutputMetrics"/>
/// keyed by output name; history keys <c>loss</c> (the weighted total), <c>{output}_loss</c>, <c>{output}_{metric}</c>.
/// What a batch does is a <see cref="TrainingStep"/> (<see cref="TrainerOptions.Step"/>), replaceable for GANs and the like.
/// </remarks>
/// <example>
/// <code>
/// var trainer = new Trainer(new TrainerOptions { Epochs = 20, Loss = Losses.BinaryCrossEntropy(fromLogits: true), ValidationSplit = 0.2 });
/// History history = trainer.Fit(model, new TensorDataset(x, y));
/// </code>
/// </example>
public sealed class Trainer
{
    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The options; frozen when <see cref="Fit"/> starts.</param>
    public Trainer(TrainerOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The options.</summary>
    public TrainerOptions Options { get; }

    private History FitInMemory(nn.Module<Tensor, Tensor> model, TensorDataset train, TensorDataset? validation,
        string? resumeFrom = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        TorchRuntime.EnsureLoaded();
        bool builtInStep = Options.Step.GetType() == typeof(TrainingStep);
        var heads = OutputHeads.Resolve(Options, model, lossRequired: builtInStep);
        // The built-in step learns from labels; a custom step (a GAN on images) may not need any.
        if (builtInStep && train.Labels is null)
            throw new ArgumentException("The training dataset has no labels.", nameof(train));
        if (builtInStep && validation is not null && validation.Labels is null)
            throw new ArgumentException("The validation dataset has no labels.", nameof(validation));
        if (validation is not null && Options.ValidationSplit > 0)
            throw new ArgumentException("Give either a validation dataset or TrainerOptions.ValidationSplit, not both.", nameof(validation));
        if (validation is not null && validation.InputCount != train.InputCount)
            throw new ArgumentException(
                $"The validation dataset has {validation.InputCount} input(s) but the training dataset has {train.InputCount}.", nameof(validation));
        ModelInputs.Check(model, train.InputCount, nameof(train));
        heads.LabelOrder(train, "training", nameof(train));
        if (validation is not null) heads.LabelOrder(validation, "validation", nameof(validation));
        var (logger, device) = Prepare(model, heads);

        var trainPart = new DataPart(train, null);
        DataPart? validationPart = validation is null ? null : new DataPart(validation, null);
        if (validation is null && Options.ValidationSplit > 0)
        {
            // Index-only split: no copy of the data is made.
            // With several outputs the split stratifies by the first output's labels (keyed labels are put in output order).
            var order = heads.LabelOrder(train, "training", nameof(train));
            using var inOutputOrder = order is null || order[0] == 0 ? null : new TensorDataset(train.Inputs, order.Select(i => train.LabelTensors[i]).ToArray(), train.Weights);
            var splitData = inOutputOrder ?? train;
            var parts = SplitIndices(splitData.Count, splitData.Labels, heads, logger);
            trainPart = new DataPart(train, parts.Train);
            validationPart = new DataPart(train, parts.Validation);
        }
        return Run(model, heads, trainPart, validationPart, device, logger, resumeFrom, cancellationToken);
    }

    /// <summary>
    /// The rows <see cref="TrainerOptions.ValidationSplit"/> holds out of <paramref name="count"/> rows with <paramref name="labels"/>
    /// (the first output's), the same for data in memory and a stream: stratified by class when the loss makes labels classes.
    /// </summary>
    private DatasetSplitIndices SplitIndices(long count, Tensor? labels, OutputHeads heads, ILogger logger)
    {
        // Only a classification loss makes labels classes; integral regression targets may have rare values.
        long[]? classes = labels is not null && heads.Heads[0].Loss is LossFunctions.BinaryCrossEntropy or LossFunctions.CategoricalCrossEntropy or LossFunctions.NegativeLogLikelihood
            ? DatasetSplitClasses.ClassOf(labels)
            : null;
        if (classes is not null && Options.StratifyValidationSplit) ValidationSplitCheck.BeforeStratified(classes, Options.ValidationSplit);
        var parts = DatasetSplit.Indices(count, labels, Options.ValidationSplit, 0, Options.Seed, Options.StratifyValidationSplit, logger);
        if (classes is not null && !Options.StratifyValidationSplit) ValidationSplitCheck.AfterUnstratified(classes, parts, Options.ValidationSplit);
        return parts;
    }

    /// <summary>
    /// Trains <paramref name="model"/> in place on <paramref name="train"/> and returns the history. The model is moved to the
    /// chosen device. <paramref name="train"/> is a dataset in memory (<see cref="TensorDataset"/>, shuffled each epoch by the
    /// run's seed) or a stream larger than memory (<see cref="Hdf5Dataset"/>, read batch by batch in its own seeded order, so
    /// memory stays bounded; its labels are checked batch by batch). Without <paramref name="validation"/>,
    /// <see cref="TrainerOptions.ValidationSplit"/> holds out a shuffled, stratified part: of a dataset in memory by indices, of
    /// an <see cref="Hdf5Dataset"/> from its labels alone (<see cref="Hdf5Dataset.ReadLabels"/>; the same rows as the split of the
    /// same rows in memory), both parts then streamed (<see cref="Hdf5Dataset.Subset"/>, validation in row order). A stream can
    /// also take a validation set (another file, or another row range of the same file, <see cref="Hdf5DatasetOptions.FirstRow"/>).
    /// Checkpoints are written at epochs' ends; resuming repeats the next epoch in the same order (a stream's order depends only
    /// on its options and the epoch), so a resumed run ends bitwise as an uninterrupted one.
    /// </summary>
    /// <param name="model">Any TorchSharp module mapping a batch of features to predictions; for a dataset with several inputs
    /// or label tensors, a <see cref="Models.Model"/> with that many inputs and outputs.</param>
    /// <param name="train">Training samples; labels required (one label tensor per output) unless a custom
    /// <see cref="TrainerOptions.Step"/> does without.</param>
    /// <param name="validation">Validation samples with the same inputs as <paramref name="train"/> (in memory or a stream), or <c>null</c>.</param>
    /// <param name="resumeFrom">A checkpoint written by this run's configuration to continue from, or <c>null</c> to start fresh.</param>
    /// <param name="cancellationToken">Stops after the current batch with <see cref="StopReason.Cancelled"/>.</param>
    /// <exception cref="InvalidOperationException">An output has no loss (<see cref="TrainerOptions.Loss"/> or
    /// <see cref="TrainerOptions.Losses"/>), CUDA was required and is unusable, the step creates no optimizer, or a callback or
    /// schedule monitors a key the run does not log (raised after the first epoch, listing the keys it logs).</exception>
    /// <exception cref="ArgumentException">A dataset lacks labels, both a validation set and a validation split were given, the
    /// datasets have different numbers of inputs, the model does not take as many inputs as the data has, the label tensors
    /// or the keys of <see cref="TrainerOptions.Losses"/>, <see cref="TrainerOptions.LossWeights"/> or
    /// <see cref="TrainerOptions.OutputMetrics"/> do not match the model's outputs, single-output settings (Metrics,
    /// ClassWeights) are given for several outputs, the model ends in softmax or sigmoid while the cross-entropy loss takes
    /// logits, the labels do not fit the loss or the model's output, the validation split leaves a class without samples, a
    /// source other than <see cref="TensorDataset"/> and <see cref="Hdf5Dataset"/> is given with <see cref="TrainerOptions.ValidationSplit"/>,
    /// or <see cref="TrainerOptions.Shuffle"/> and the stream's shuffle disagree.</exception>
    /// <exception cref="Checkpoints.CheckpointException">The resume checkpoint is bad or does not fit the model.</exception>
    /// <exception cref="OutputFolderInUseException">Another training is writing to a folder a callback writes to.</exception>
    /// <exception cref="IOException">A checkpoint or log cannot be written; the message names the file, earlier files stay intact.</exception>
    public History Fit(nn.Module<Tensor, Tensor> model, IBatchSource train, IBatchSource? validation = null,
        string? resumeFrom = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        if (train is TensorDataset memory && validation is null or TensorDataset)
            return FitInMemory(model, memory, (TensorDataset?)validation, resumeFrom, cancellationToken);
        TorchRuntime.EnsureLoaded();
        bool builtInStep = Options.Step.GetType() == typeof(TrainingStep);
        var heads = OutputHeads.Resolve(Options, model, lossRequired: builtInStep);
        if (builtInStep && train.LabelCount == 0)
            throw new ArgumentException("The training data has no labels.", nameof(train));
        if (builtInStep && validation is not null && validation.LabelCount == 0)
            throw new ArgumentException("The validation data has no labels.", nameof(validation));
        if (validation is not null && Options.ValidationSplit > 0)
            throw new ArgumentException("Give either a validation dataset or TrainerOptions.ValidationSplit, not both.", nameof(validation));
        if (Options.ValidationSplit > 0 && train is not Hdf5Dataset)
            throw new ArgumentException(
                $"TrainerOptions.ValidationSplit = {Options.ValidationSplit} splits a TensorDataset or an Hdf5Dataset, not a {train.GetType().Name}; " +
                "pass a validation set to Fit.", nameof(train));
        if (validation is not null && validation.InputCount != train.InputCount)
            throw new ArgumentException(
                $"The validation data has {validation.InputCount} input(s) but the training data has {train.InputCount}.", nameof(validation));
        if (train is not TensorDataset && Options.Shuffle != train.Shuffles)
            throw new ArgumentException(
                $"TrainerOptions.Shuffle = {Options.Shuffle} but the training stream {(train.Shuffles ? "shuffles" : "does not shuffle")}: a stream is read " +
                "in its own order (chunk order and shuffle buffer, seeded by Hdf5DatasetOptions.Seed). Set TrainerOptions.Shuffle and " +
                "Hdf5DatasetOptions.Shuffle to the same value.", nameof(train));
        ModelInputs.Check(model, train.InputCount, nameof(train));
        heads.LabelOrder(train, "training", nameof(train));
        if (validation is not null) heads.LabelOrder(validation, "validation", nameof(validation));
        var (logger, device) = Prepare(model, heads);
        if (Options.ValidationSplit > 0 && train is Hdf5Dataset stream)
        {
            // The split of the rows in memory, from the labels alone; both parts are streamed (validation in row order).
            using var labels = stream.LabelCount > 0 ? stream.ReadLabels() : null;
            var parts = SplitIndices(stream.Count, labels, heads, logger);
            using var trainRows = stream.Subset(parts.Train);
            using var validationRows = stream.Subset(parts.Validation, shuffle: false);
            return Run(model, heads, new DataPart(trainRows, null), new DataPart(validationRows, null), device, logger, resumeFrom, cancellationToken);
        }
        var validationPart = validation is null ? null : new DataPart(validation, null);
        return Run(model, heads, new DataPart(train, null), validationPart, device, logger, resumeFrom, cancellationToken);
    }

    /// <summary>Freezes the options and checks the output activations; returns the logger and the device of the run.</summary>
    private (ILogger Logger, DeviceChoice Device) Prepare(nn.Module<Tensor, Tensor> model, OutputHeads heads)
    {
        Options.Freeze();
        var logger = Options.Logger ?? new StandardErrorLogger();
        foreach (var head in heads.Heads)
        {
            if (head.Loss is not null) OutputActivationCheck.Check(model, head.Loss, logger, head.Index);
        }
        var device = DeviceChoice.Resolve(Options.Device);
        logger.LogInformation("Training on {Device}: {Reason}", device.Device, device.Reason);
        return (logger, device);
    }

    private History Run(nn.Module<Tensor, Tensor> model, OutputHeads heads, DataPart trainPart, DataPart? validationPart,
        DeviceChoice device, ILogger logger, string? resumeFrom, CancellationToken cancellationToken)
    {
        var locks = OutputFolderLock.AcquireAll(Options.Callbacks.SelectMany(c => c.OutputPaths).Select(OutputFolderLock.FolderOf));
        try
        {
            using var run = new TrainingRun(Options, model, heads, trainPart, validationPart, device, logger);
            return run.Run(resumeFrom, cancellationToken);
        }
        finally
        {
            foreach (var l in locks) l.Dispose();
        }
    }

    /// <summary>
    /// Loss (with regularization) and metrics of <paramref name="model"/> on <paramref name="data"/>, in batches, as the
    /// validation of <see cref="Fit"/> computes them (<see cref="TrainingStep.Validate"/> of <see cref="TrainerOptions.Step"/>).
    /// </summary>
    /// <param name="model">The model (moved to the chosen device).</param>
    /// <param name="data">Labelled samples (with as many inputs as the model takes, and one label tensor per output): a dataset in
    /// memory, or a stream (<see cref="Hdf5Dataset"/>) read batch by batch in its order of epoch 1.</param>
    /// <returns>Values keyed <c>loss</c> and by metric name; for several outputs also <c>{output}_loss</c> and <c>{output}_{metric}</c>.</returns>
    /// <exception cref="InvalidOperationException">No loss is set for an output.</exception>
    /// <exception cref="ArgumentException">The model does not take as many inputs as <paramref name="data"/> has, or the labels
    /// do not match the outputs.</exception>
    public IReadOnlyDictionary<string, double> Evaluate(nn.Module<Tensor, Tensor> model, IBatchSource data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (Options.Loss is null && Options.Losses.Count == 0 && Options.Step.GetType() == typeof(TrainingStep))
            throw new InvalidOperationException("TrainerOptions.Loss is not set; Evaluate needs it.");
        var heads = OutputHeads.Resolve(Options, model, lossRequired: Options.Step.GetType() == typeof(TrainingStep));
        ModelInputs.Check(model, data.InputCount, nameof(data));
        if (data.LabelCount == 0)
            throw new ArgumentException("Evaluation needs labels; the dataset has none.", nameof(data));
        var labelOrder = heads.LabelOrder(data, "evaluation", nameof(data));
        var device = DeviceChoice.Resolve(Options.Device).Device;
        model.to(device);
        using var scope = NewDisposeScope();
        var classWeights = Options.ClassWeights is { } cw ? tensor(cw.Select(w => (float)w).ToArray()).to(device) : null;
        var context = new StepContext(model, [], Options, heads, classWeights, guard: null, run: null);
        return BatchEvaluation.Evaluate(Options.Step, context, heads, new DataPart(data, null), labelOrder, device, Options.BatchSize);
    }

    /// <summary>Outputs of <paramref name="model"/> for every row of <paramref name="features"/>, in batches, on the CPU.</summary>
    /// <param name="model">The model (moved to the chosen device).</param>
    /// <param name="features">Features [N, ...].</param>
    /// <returns>A new tensor [N, ...] that the caller owns (dispose it).</returns>
    /// <exception cref="ArgumentException"><paramref name="features"/> has no rows, or the model takes several inputs.</exception>
    public Tensor Predict(nn.Module<Tensor, Tensor> model, Tensor features)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var data = new TensorDataset(features);
        return Predict(model, data, nameof(features));
    }

    /// <summary>
    /// Outputs of a multi-input <paramref name="model"/> (Keras' <c>model.predict([x1, x2])</c>) for every row, in batches,
    /// on the CPU: batch rows of every input go to <see cref="Models.Model.Forward(Tensor[])"/> together.
    /// </summary>
    /// <param name="model">The model (moved to the chosen device): a <see cref="Models.Model"/> with one input per tensor and
    /// one output, or any module when a single tensor is given.</param>
    /// <param name="inputs">One tensor [N, ...] per model input, in the model's order, all with the same N.</param>
    /// <returns>A new tensor [N, ...] that the caller owns (dispose it).</returns>
    /// <exception cref="ArgumentException">The inputs are empty, have no rows or different row counts, or their number does not
    /// fit the model.</exception>
    public Tensor Predict(nn.Module<Tensor, Tensor> model, IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var data = new TensorDataset(inputs);
        return Predict(model, data, nameof(inputs));
    }

    /// <summary>
    /// Outputs of <paramref name="model"/> for every row of <paramref name="data"/>, in batches, on the CPU, in the data's row
    /// order: a dataset in memory, or a stream larger than memory (<see cref="Hdf5Dataset"/> opened with
    /// <see cref="Hdf5DatasetOptions.Shuffle"/> = <c>false</c>, so that row i of the result is row i of the file or range).
    /// </summary>
    /// <param name="model">The model (moved to the chosen device).</param>
    /// <param name="data">The samples; labels, if any, are not used.</param>
    /// <returns>A new tensor [N, ...] that the caller owns (dispose it).</returns>
    /// <exception cref="ArgumentException"><paramref name="data"/> has no rows or shuffles its rows, or the number of inputs does
    /// not fit the model.</exception>
    public Tensor Predict(nn.Module<Tensor, Tensor> model, IBatchSource data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Shuffles)
            throw new ArgumentException(
                "Predict returns one row per sample in the data's order, but this data shuffles its rows; open the stream with " +
                "Hdf5DatasetOptions.Shuffle = false to predict.", nameof(data));
        return Predict(model, data, nameof(data));
    }

    /// <summary>
    /// Every output of <paramref name="model"/> for every row of the inputs (Keras' <c>model.predict</c> of a model with
    /// several outputs), in batches, on the CPU, keyed by output name in output order.
    /// </summary>
    /// <param name="model">The model (moved to the chosen device); a <see cref="Models.Model"/> or any module (one output, <c>output</c>).</param>
    /// <param name="inputs">One tensor [N, ...] per model input, in the model's order, all with the same N.</param>
    /// <returns>New tensors [N, ...] that the caller owns (dispose each).</returns>
    /// <exception cref="ArgumentException">The inputs are empty, have no rows or different row counts, or their number does not
    /// fit the model.</exception>
    public IReadOnlyDictionary<string, Tensor> PredictOutputs(nn.Module<Tensor, Tensor> model, IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var data = new TensorDataset(inputs);
        var outputs = PredictAll(model, data, nameof(inputs));
        var names = OutputHeads.OutputNames(model);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < outputs.Length; i++) result[names[i]] = outputs[i];
        return result;
    }

    private Tensor Predict(nn.Module<Tensor, Tensor> model, IBatchSource data, string paramName)
    {
        if (model is Models.Model { OutputShapes.Count: > 1 } several)
            throw new ArgumentException(
                $"Model '{several.Description.Name}' has {several.OutputShapes.Count} outputs ({string.Join(", ", several.Description.Outputs)}); " +
                "Predict returns one tensor: call PredictOutputs, which returns every output keyed by name.", nameof(model));
        return PredictAll(model, data, paramName)[0];
    }

    private Tensor[] PredictAll(nn.Module<Tensor, Tensor> model, IBatchSource data, string paramName)
    {
        ModelInputs.Check(model, data.InputCount, paramName);
        var device = DeviceChoice.Resolve(Options.Device).Device;
        model.to(device);
        return BatchEvaluation.Predict(model, data, device, Options.BatchSize, paramName);
    }
}
