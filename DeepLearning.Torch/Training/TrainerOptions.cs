using DeepLearning.Torch.Data.Augmentation;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.LearningRateSchedules;
using DeepLearning.Torch.Training.LossFunctions;
using DeepLearning.Torch.Training.Metrics;
using Microsoft.Extensions.Logging;

namespace DeepLearning.Torch.Training;

/// <summary>
/// Options of a <see cref="Trainer"/>, validated when set and frozen when <see cref="Trainer.Fit"/> starts
/// (changing them afterwards throws <see cref="InvalidOperationException"/>).
/// </summary>
public sealed class TrainerOptions
{
    private int _epochs = 10;
    private int _batchSize = 32;
    private bool _shuffle = true;
    private long _seed;
    private double _validationSplit;
    private bool _stratify = true;
    private DeviceSelection _device = DeviceSelection.Auto;
    private Loss? _loss;
    private OptimizerSpec _optimizer = Optimizers.Adam();
    private LearningRateSchedule? _schedule;
    private double? _clipNorm;
    private double? _clipValue;
    private IReadOnlyList<double>? _classWeights;
    private IProgress<TrainingProgress>? _progress;
    private Verbosity _verbose = Verbosity.Auto;
    private bool _terminateOnNonFinite = true;
    private IBatchAugmentation? _augmentation;
    private ILogger? _logger;
    private TrainingStep _step = new();
    private int _accumulation = 1;

    /// <summary>Creates options with the documented defaults.</summary>
    public TrainerOptions()
    {
        Metrics = new FreezableList<Metric>(() => IsFrozen, nameof(Metrics), ValidateMetric);
        Callbacks = new FreezableList<Callback>(() => IsFrozen, nameof(Callbacks));
        Losses = new FreezableDictionary<Loss>(() => IsFrozen, nameof(Losses), (_, loss) => loss ?? throw new ArgumentNullException(nameof(Losses)));
        LossWeights = new FreezableDictionary<double>(() => IsFrozen, nameof(LossWeights), (key, weight) => weight >= 0 && double.IsFinite(weight)
            ? weight
            : throw new ArgumentOutOfRangeException(nameof(LossWeights), weight, $"TrainerOptions.LossWeights[\"{key}\"] must be finite and at least 0; got {weight}."));
        OutputMetrics = new FreezableDictionary<IReadOnlyList<Metric>>(() => IsFrozen, nameof(OutputMetrics), ValidateOutputMetrics);
    }

    /// <summary>Whether the options are frozen (a Fit has started).</summary>
    public bool IsFrozen { get; private set; }

    /// <summary>Number of epochs, at least 1.</summary>
    /// <value>Default 10.</value>
    public int Epochs { get => _epochs; set => Set(ref _epochs, value >= 1 ? value : throw Range(nameof(Epochs), value, "at least 1")); }

    /// <summary>Samples per training batch, at least 1 (the last batch of an epoch may be smaller).</summary>
    /// <value>Default 32.</value>
    public int BatchSize { get => _batchSize; set => Set(ref _batchSize, value >= 1 ? value : throw Range(nameof(BatchSize), value, "at least 1")); }

    /// <summary>Shuffle the training samples every epoch (seeded by <see cref="Seed"/>).</summary>
    /// <value>Default true.</value>
    public bool Shuffle { get => _shuffle; set => Set(ref _shuffle, value); }

    /// <summary>Seed of everything random in the run: libtorch's generator (dropout), shuffling, the validation split.</summary>
    /// <value>Default 0.</value>
    public long Seed { get => _seed; set => Set(ref _seed, value); }

    /// <summary>
    /// Fraction of the training data held out for validation when Fit gets no validation set, in [0, 1).
    /// The hold-out is shuffled and, with <see cref="StratifyValidationSplit"/>, stratified by class.
    /// </summary>
    /// <value>Default 0 (no validation).</value>
    public double ValidationSplit
    {
        get => _validationSplit;
        set => Set(ref _validationSplit, value >= 0 && value < 1 ? value : throw Range(nameof(ValidationSplit), value, "in [0, 1)"));
    }

    /// <summary>Stratify <see cref="ValidationSplit"/> by class (ignored for regression targets).</summary>
    /// <value>Default true.</value>
    public bool StratifyValidationSplit { get => _stratify; set => Set(ref _stratify, value); }

    /// <summary>Device selection.</summary>
    /// <value>Default <see cref="DeviceSelection.Auto"/>.</value>
    public DeviceSelection Device
    {
        get => _device;
        set => Set(ref _device, Enum.IsDefined(value) ? value : throw Range(nameof(Device), value, "a DeviceSelection value"));
    }

    /// <summary>
    /// The loss, e.g. <see cref="Training.Losses.MeanSquaredError"/>. Required unless <see cref="Losses"/> gives one per
    /// output; for a model with several outputs it applies to every output.
    /// </summary>
    /// <value>Default <c>null</c>: Fit throws until it (or <see cref="Losses"/>) is set.</value>
    public Loss? Loss { get => _loss; set => Set(ref _loss, value); }

    /// <summary>
    /// The loss of each output of a model with several outputs, keyed by output name (Keras' <c>loss={"class": ..., "mass": ...}</c>;
    /// a <see cref="Models.Model"/>'s output names are the names of its output layers). Every output needs one, unless
    /// <see cref="Loss"/> is set instead, which then applies to every output. The training loss is
    /// <c>sum_k LossWeights[k] * loss_k</c> plus regularization.
    /// </summary>
    /// <value>Default empty.</value>
    public IDictionary<string, Loss> Losses { get; }

    /// <summary>Weight of each output's loss in the total loss, keyed by output name (Keras' <c>loss_weights</c>); finite, at least 0.</summary>
    /// <value>Default empty: every output weighs 1.</value>
    public IDictionary<string, double> LossWeights { get; }

    /// <summary>
    /// Metrics of each output of a model with several outputs, keyed by output name (Keras' <c>metrics={"class": [...]}</c>),
    /// logged as <c>{output}_{metric}</c> and <c>val_{output}_{metric}</c>. Give each output its own metric objects (they
    /// accumulate state). Names must be unique within an output, as for <see cref="Metrics"/>.
    /// </summary>
    /// <value>Default empty.</value>
    public IDictionary<string, IReadOnlyList<Metric>> OutputMetrics { get; }

    /// <summary>
    /// What one training and one validation batch do (Keras' <c>train_step</c>/<c>test_step</c>, Lightning's
    /// <c>training_step</c>): subclass <see cref="TrainingStep"/> for a GAN, a VAE or an adversarial setup, with one or several
    /// optimizers. Callbacks, progress, checkpoints and exact resume work as for the built-in step.
    /// </summary>
    /// <value>Default: the built-in <see cref="TrainingStep"/> (forward, loss per output, backward, clipping, optimizer step, metrics).</value>
    public TrainingStep Step { get => _step; set => Set(ref _step, value ?? throw new ArgumentNullException(nameof(Step))); }

    /// <summary>
    /// Number of batches whose gradients are summed before each optimizer step (Keras' <c>gradient_accumulation_steps</c>):
    /// with batches of <see cref="BatchSize"/> each step then equals one step on a batch N times larger (each batch's loss
    /// is scaled by its share of the samples of the group). Schedules and callbacks still count batches.
    /// </summary>
    /// <value>Default 1 (a step after every batch).</value>
    public int GradientAccumulationSteps
    {
        get => _accumulation;
        set => Set(ref _accumulation, value >= 1 ? value : throw Range(nameof(GradientAccumulationSteps), value, "at least 1"));
    }

    /// <summary>The optimizer recipe.</summary>
    /// <value>Default <see cref="Optimizers.Adam"/> with learning rate 1e-3.</value>
    public OptimizerSpec Optimizer { get => _optimizer; set => Set(ref _optimizer, value ?? throw new ArgumentNullException(nameof(Optimizer))); }

    /// <summary>Learning-rate schedule, or <c>null</c> for a constant rate.</summary>
    /// <value>Default <c>null</c>.</value>
    public LearningRateSchedule? Schedule { get => _schedule; set => Set(ref _schedule, value); }

    /// <summary>Clip the global gradient norm (L2) to this value before each step, or <c>null</c>.</summary>
    /// <value>Default <c>null</c>.</value>
    public double? GradientClipNorm
    {
        get => _clipNorm;
        set => Set(ref _clipNorm, value is null || value > 0 ? value : throw Range(nameof(GradientClipNorm), value, "positive or null"));
    }

    /// <summary>Clip each gradient element to [-value, value] before each step, or <c>null</c>.</summary>
    /// <value>Default <c>null</c>.</value>
    public double? GradientClipValue
    {
        get => _clipValue;
        set => Set(ref _clipValue, value is null || value > 0 ? value : throw Range(nameof(GradientClipValue), value, "positive or null"));
    }

    /// <summary>
    /// Weight of each class (index = class), multiplied into the per-sample weights of the loss and metrics.
    /// Classes are read from integer labels, one-hot rows (arg-max) or 0/1 labels.
    /// </summary>
    /// <value>Default <c>null</c> (all classes weigh 1).</value>
    public IReadOnlyList<double>? ClassWeights
    {
        get => _classWeights;
        set => Set(ref _classWeights, value is null || value.All(w => w >= 0 && double.IsFinite(w))
            ? value?.ToArray()
            : throw new ArgumentException("Class weights must be finite and at least 0.", nameof(ClassWeights)));
    }

    /// <summary>
    /// Metrics computed on training and validation data (keys <c>name</c> and <c>val_name</c>). Names must be unique, must
    /// not start with <c>val_</c> and must not be <c>loss</c>, <c>lr</c> or <c>skipped_batches</c>; adding one that breaks
    /// this throws <see cref="ArgumentException"/>.
    /// </summary>
    /// <value>Default empty.</value>
    public IList<Metric> Metrics { get; }

    /// <summary>Callbacks, run in ascending <see cref="Callback.Order"/>.</summary>
    /// <value>Default empty.</value>
    public IList<Callback> Callbacks { get; }

    /// <summary>
    /// Receives a report after each batch and epoch, replacing the console output of <see cref="Verbose"/> (unless that is
    /// set to something other than <see cref="Verbosity.Auto"/>, when both report).
    /// </summary>
    /// <value>Default <c>null</c>: progress goes to the console as <see cref="Verbose"/> says.</value>
    public IProgress<TrainingProgress>? Progress { get => _progress; set => Set(ref _progress, value); }

    /// <summary>
    /// What Fit writes to standard output (Keras' <c>verbose</c>): a live progress bar per epoch on an interactive console,
    /// one line per epoch when output is redirected, or nothing (<see cref="Verbosity.Silent"/>). A <see cref="ConsoleProgress"/> writes it.
    /// </summary>
    /// <value>Default <see cref="Verbosity.Auto"/>: bar or epoch lines as the console allows; nothing when <see cref="Progress"/> is set.</value>
    public Verbosity Verbose
    {
        get => _verbose;
        set => Set(ref _verbose, Enum.IsDefined(value) ? value : throw Range(nameof(Verbose), value, "a Verbosity value"));
    }

    /// <summary>
    /// Stop training at the first batch whose loss is NaN or infinite, before its optimizer step, as a
    /// <see cref="TerminateOnNaN"/> does (checking the loss only): <see cref="History.StopReason"/> becomes
    /// <see cref="StopReason.NonFiniteLoss"/>, the message (epoch, batch, non-finite inputs) is logged as a warning, and the
    /// interrupted epoch reaches no callback, so checkpoints stay as they were. A <see cref="TerminateOnNaN"/> in
    /// <see cref="Callbacks"/> replaces this guard (to check gradients too or skip bad batches), whatever this says. Deciding
    /// before the step means reading the loss back from the device once per batch: the only per-batch synchronisation of
    /// the built-in loop (logs, metrics and target checks stay on the device), which false removes.
    /// </summary>
    /// <value>Default true. False trains on through non-finite losses (ModelCheckpoint still refuses non-finite weights).</value>
    public bool TerminateOnNonFinite { get => _terminateOnNonFinite; set => Set(ref _terminateOnNonFinite, value); }

    /// <summary>
    /// Random augmentation applied to the features of every training batch on the training device (never to validation,
    /// evaluation or prediction), e.g. random crops and flips. Its random state is saved in checkpoints.
    /// With a multi-input dataset it applies to the first input only (put the image first); the other inputs pass unchanged.
    /// </summary>
    /// <value>Default null (no augmentation).</value>
    public IBatchAugmentation? Augmentation { get => _augmentation; set => Set(ref _augmentation, value); }

    /// <summary>Logger for the device choice, split warnings, stop reasons and every other warning of the run.</summary>
    /// <value>Default <c>null</c>: a <see cref="StandardErrorLogger"/> writes warnings and errors to standard error.</value>
    public ILogger? Logger { get => _logger; set => Set(ref _logger, value); }

    internal void Freeze() => IsFrozen = true;

    /// <summary>Refuses a metric whose name is empty, reserved, validation-prefixed or already used by another metric.</summary>
    private static void ValidateMetric(Metric metric, int replacing, IList<Metric> metrics)
    {
        string name = metric.Name;
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException($"TrainerOptions.Metrics: metric {metric.GetType().Name} has an empty name.", nameof(Metrics));
        if (MetricKeys.IsReserved(name))
            throw new ArgumentException(
                $"TrainerOptions.Metrics: metric {metric.GetType().Name} is named '{name}', a key the trainer records itself.", nameof(Metrics));
        if (name.StartsWith(MetricKeys.ValidationPrefix, StringComparison.Ordinal))
            throw new ArgumentException(
                $"TrainerOptions.Metrics: metric {metric.GetType().Name} is named '{name}'; names must not start with " +
                $"'{MetricKeys.ValidationPrefix}' (the trainer adds it to validation keys).", nameof(Metrics));
        for (int i = 0; i < metrics.Count; i++)
        {
            if (i != replacing && string.Equals(metrics[i].Name, name, StringComparison.Ordinal))
                throw new ArgumentException(
                    $"TrainerOptions.Metrics already holds a metric named '{name}' ({metrics[i].GetType().Name}); metric names are " +
                    "history keys and must be unique (give e.g. Precision a distinct name).", nameof(Metrics));
        }
    }

    /// <summary>Copies an output's metrics, refusing nulls and names the output already uses.</summary>
    private static IReadOnlyList<Metric> ValidateOutputMetrics(string output, IReadOnlyList<Metric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics, nameof(OutputMetrics));
        var copy = metrics.ToArray();
        var checker = new List<Metric>();
        foreach (var metric in copy)
        {
            if (metric is null) throw new ArgumentException($"TrainerOptions.OutputMetrics[\"{output}\"] holds a null metric.", nameof(OutputMetrics));
            ValidateMetric(metric, -1, checker);
            checker.Add(metric);
        }
        return copy;
    }

    private void Set<T>(ref T field, T value)
    {
        if (IsFrozen)
            throw new InvalidOperationException("TrainerOptions cannot change after Fit has started (the options are frozen).");
        field = value;
    }

    private static ArgumentOutOfRangeException Range(string name, object? value, string expected)
        => new(name, value, $"{name} must be {expected}; got {value}.");
}
