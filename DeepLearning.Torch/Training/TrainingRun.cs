using System.Diagnostics;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Runtime;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.LearningRateSchedules;
using DeepLearning.Torch.Training.LossFunctions;
using DeepLearning.Torch.Training.Metrics;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>One call of <see cref="Trainer.Fit"/>: owns the optimizers, generator, iterator and class-weight tensor.</summary>
internal sealed partial class TrainingRun : IDisposable
{
    private readonly TrainerOptions _options;
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly DataPart? _validation;
    private readonly OutputHeads _heads;
    private readonly TrainingStep _step;
    private readonly StepContext _stepContext;
    private readonly Callback[] _callbacks;
    private readonly LearningRateSchedule? _schedule;
    private readonly optim.Optimizer[] _optimizers;
    private readonly Generator? _shuffleGenerator;
    private readonly TrainingBatches _iterator;
    private readonly Tensor? _classWeights;
    private readonly History _history;
    private readonly TrainingContext _context;
    private readonly INonFiniteGuard? _guard;
    private readonly IProgress<TrainingProgress>[] _progress;
    private readonly bool _batchProgress;
    private readonly DataPart _train;
    private readonly int[]? _trainLabelOrder;
    private readonly NativeGarbage _garbage = new();
    private readonly int[]? _validationLabelOrder;

    internal TrainingRun(TrainerOptions options, nn.Module<Tensor, Tensor> model, OutputHeads heads, DataPart train, DataPart? validation,
        DeviceChoice device, ILogger logger)
    {
        _options = options;
        _model = model;
        _heads = heads;
        _step = options.Step;
        _train = train;
        _validation = validation;
        _trainLabelOrder = heads.LabelOrder(train.Source, "training", "train");
        _validationLabelOrder = validation is null ? null : heads.LabelOrder(validation.Source, "validation", "validation");
        _callbacks = options.Callbacks.Select((c, i) => (c, i)).OrderBy(p => p.c.Order).ThenBy(p => p.i).Select(p => p.c).ToArray();
        _schedule = options.Schedule;
        // The first guarding callback (TerminateOnNaN) checks the batches; otherwise the default guard checks the loss only.
        _guard = _callbacks.OfType<INonFiniteGuard>().FirstOrDefault()
                 ?? (options.TerminateOnNonFinite ? new TerminateOnNaN { CheckGradients = false } : null);
        _progress = ProgressReceivers(options);
        // The metrics check target values on the device and report bad ones at the epoch's end (no read per batch).
        foreach (var m in heads.Metrics) m.DeferValueChecks = true;
        // Epoch lines need no per-batch report, so the running values are only computed for a bar or a user's reporter.
        _batchProgress = _progress.Any(p => p is not ConsoleProgress { Verbosity: not Verbosity.ProgressBar });
        model.to(device.Device);
        _optimizers = _step.CreateOptimizers(model, options)?.ToArray() ?? [];
        if (_optimizers.Length == 0 || _optimizers.Any(o => o is null))
        {
            foreach (var o in _optimizers) o?.Dispose();
            throw new InvalidOperationException($"{_step.GetType().Name}.CreateOptimizers returned no optimizer (or a null one); a step needs at least one.");
        }
        if (_schedule?.OptimizerProblem(_optimizers, options.Optimizer.Name) is { } problem)
        {
            foreach (var o in _optimizers) o.Dispose();
            throw new ArgumentException(problem, nameof(options));
        }
        // A stream shuffles itself (its own seeded order); the generator shuffles data held in memory.
        _shuffleGenerator = options.Shuffle && train.Memory is not null ? new Generator((ulong)options.Seed) : null;
        _iterator = new TrainingBatches(train, options.BatchSize, device.Device, _shuffleGenerator);
        using (var scope = NewDisposeScope())
        {
            _classWeights = options.ClassWeights is { } cw
                ? tensor(cw.Select(w => (float)w).ToArray()).to(device.Device).DetachFromDisposeScope()
                : null;
        }
        _history = new History(options.Seed, device.Device.ToString(), device.Reason, PackageVersions.Collect());
        _context = new TrainingContext(model, _optimizers, options.Epochs, device, _history, logger, SaveCheckpoint, loss => LogAccumulator.Read(MetricKeys.Loss, loss)) { BatchCount = _iterator.BatchCount };
        _stepContext = new StepContext(model, _optimizers, options, heads, _classWeights, _guard, _context);
    }

    internal History Run(string? resumeFrom, CancellationToken cancellationToken)
    {
        if (resumeFrom is null) random.manual_seed(_options.Seed);
        _schedule?.Begin(_options.Optimizer.LearningRate, _options.Epochs, _iterator.BatchCount);
        foreach (var c in _callbacks) c.OnTrainBegin(_context);
        int startEpoch = resumeFrom is null ? 1 : Resume(resumeFrom) + 1;
        // After the resume, so that a checkpoint that does not fit the model is reported as such.
        CheckTargets();
        for (int epoch = startEpoch; epoch <= _options.Epochs && !_context.StopRequested; epoch++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _context.RequestStop(StopReason.Cancelled, $"cancelled before epoch {epoch}");
                break;
            }
            RunEpoch(epoch, cancellationToken);
        }
        _history.StopReason = _context.StopRequested ? _context.StopReason : StopReason.Completed;
        _history.StopMessage = _context.StopMessage;
        foreach (var c in _callbacks) c.OnTrainEnd(_context);
        return _history;
    }

    private void RunEpoch(int epoch, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _context.Epoch = epoch;
        if (_schedule?.AtEpochBegin(epoch) is double rate) SetLearningRate(rate);
        foreach (var c in _callbacks) c.OnEpochBegin(_context);
        _model.train();
        foreach (var m in _heads.Metrics) m.Reset();
        using var batches = _iterator.Epoch(epoch).GetEnumerator();
        using var logs = new LogAccumulator(_heads);
        int skipped = 0;
        var lastReport = TimeSpan.Zero;
        for (int b = 0; b < _iterator.BatchCount; b++)
        {
            _context.BatchIndex = b;
            using (var scope = NewDisposeScope())
            {
                if (!batches.MoveNext())
                    throw new InvalidOperationException($"The training data ended after {b} of {_iterator.BatchCount} batches of epoch {epoch}.");
                var batch = BatchEvaluation.InOutputOrder(batches.Current, _trainLabelOrder);
                foreach (var c in _callbacks) c.OnBatchBegin(_context);
                if (_schedule?.AtBatchBegin(_context.GlobalStep) is double batchRate) SetLearningRate(batchRate);
                if (_schedule?.MomentumAtBatchBegin(_context.GlobalStep) is double momentum)
                {
                    foreach (var o in _optimizers) OptimizerMomentum.Set(o, momentum);
                }
                var stepLogs = TrainBatch(Augmented(batch), b);
                if (_stepContext.StopNow) return;
                Tensor? batchLoss;
                if (_stepContext.Skipped)
                {
                    skipped++;
                    batchLoss = stepLogs.TryGetValue(MetricKeys.Loss, out var lossTensor) ? lossTensor : null;
                }
                else batchLoss = logs.Add(stepLogs, batch.Count);
                _context.SetBatchLoss(batchLoss?.detach().DetachFromDisposeScope());
            }
            _garbage.AfterBatch();
            _context.GlobalStep++;
            foreach (var c in _callbacks) c.OnBatchEnd(_context);
            if (_batchProgress && ReportBatch(b, clock.Elapsed, ref lastReport))
                Report(epoch, b + 1, false, logs.Values(perBatch: true), clock.Elapsed);
            if (_context.StopReason is StopReason.NonFiniteLoss or StopReason.NonFiniteGradient) return;
            if (cancellationToken.IsCancellationRequested)
            {
                _context.RequestStop(StopReason.Cancelled, $"cancelled in epoch {epoch} after batch {b}");
                return;
            }
        }

        var values = logs.Values();
        if (_guard is { SkipBatch: true }) values[MetricKeys.SkippedBatches] = skipped;
        if (_validation is not null)
        {
            var validation = BatchEvaluation.Evaluate(_step, _stepContext, _heads, _validation, _validationLabelOrder,
                _iterator.Device, _options.BatchSize);
            foreach (var (key, value) in validation) values[MetricKeys.Validation(key)] = value;
        }
        double usedRate = _context.LearningRate;
        if (_schedule?.AtEpochEnd(epoch, values, usedRate) is double newRate) SetLearningRate(newRate);
        _history.Add(new EpochRecord(epoch, values, usedRate, clock.Elapsed.TotalSeconds));
        _context.Logs = values;
        foreach (var c in _callbacks) c.OnEpochEnd(_context);
        Report(epoch, _iterator.BatchCount, true, values, clock.Elapsed);
    }

    /// <summary>
    /// Runs the step on training batch <paramref name="index"/>, telling it where the batch lies in its gradient-accumulation
    /// group; afterwards <see cref="StepContext.Skipped"/> says the guard refused a step and <see cref="StepContext.StopNow"/>
    /// that training stops now.
    /// </summary>
    private IReadOnlyDictionary<string, Tensor> TrainBatch(Batch batch, int index)
    {
        int n = _options.GradientAccumulationSteps;
        var c = _stepContext;
        c.IsTraining = true;
        c.CurrentBatch = batch;
        c.Skipped = c.StopNow = false;
        c.AccumulationStart = index % n == 0;
        c.AccumulationEnd = index % n == n - 1 || index == _iterator.BatchCount - 1;
        if (n > 1)
        {
            // The batch's share of its group's samples, so that the summed gradients are those of the group's mean loss.
            int first = index - index % n, last = Math.Min(first + n, _iterator.BatchCount) - 1;
            long samples = Math.Min(_iterator.SampleCount, (long)(last + 1) * _iterator.BatchSize) - (long)first * _iterator.BatchSize;
            c.AccumulationScale = (double)batch.Count / samples;
        }
        try
        {
            return _step.Train(c, batch);
        }
        finally
        {
            c.CurrentBatch = null;
        }
    }

    /// <summary>
    /// Checks the labels of the whole training and validation data once, before training, against each output's loss and the
    /// shape of the model's predictions (an evaluation-mode forward pass on the first rows, which draws nothing random):
    /// finite values, then <see cref="Loss.ValidateTargets"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The labels do not fit; the message names the data, the output, the loss and the form expected.</exception>
    private void CheckTargets()
    {
        // A stream is not read in advance: its labels are checked batch by batch by the losses.
        if (_trainLabelOrder is null || _heads.Heads.All(h => h.Loss is null) || _train.Memory is not { } trainData) return;
        long[][] shapes;
        bool wasTraining = _model.training;
        _model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var first = new BatchIterator(trainData, _options.BatchSize, _iterator.Device, rows: _train.Rows);
            shapes = ModelInputs.ForwardAll(_model, first.GetBatch(0).Inputs).Select(p => p.shape).ToArray();
        }
        finally
        {
            _model.train(wasTraining);
        }
        var sets = new List<(TensorDataset Data, int[] Order, string Name, string Parameter)> { (trainData, _trainLabelOrder, "training", "train") };
        if (_validation?.Memory is { } validationData && !ReferenceEquals(validationData, trainData) && _validationLabelOrder is not null)
            sets.Add((validationData, _validationLabelOrder, "validation", "validation"));
        foreach (var (data, order, name, parameter) in sets)
        {
            foreach (var head in _heads.Heads)
            {
                if (head.Loss is not { } loss) continue;
                var labels = data.LabelTensors[order[head.Index]];
                string which = _heads.Several ? $"{name} labels of output {head.Name}" : $"{name} labels";
                if (labels.is_floating_point() && (~labels.isfinite()).sum().item<long>() is var bad and > 0)
                    throw new ArgumentException($"The {which} hold {bad} NaN or infinite value(s); {loss.Call} cannot learn from them.", parameter);
                long[] shape = [labels.shape[0], .. shapes[head.Index].Skip(1)];
                try
                {
                    loss.ValidateTargets(labels, shape);
                }
                catch (ArgumentException e) when (e.ParamName is null)
                {
                    throw new ArgumentException($"The {which} do not fit the loss: {e.Message}", parameter, e);
                }
                if (head.Index == 0 && _classWeights is not null) SampleWeights.CheckLabels(labels, _classWeights);
            }
        }
        // Every batch now holds checked targets: the losses skip their per-batch value checks (reads from the device);
        // a streamed validation set is not read in advance, so its batches keep them.
        _stepContext.TargetsChecked = _validation is null || _validation.Memory is not null;
    }

    /// <summary>The batch with <see cref="TrainerOptions.Augmentation"/> applied to its first (only) input.</summary>
    private Batch Augmented(Batch batch)
    {
        if (_options.Augmentation is not { } augmentation) return batch;
        var inputs = batch.Inputs.ToArray();
        inputs[0] = augmentation.Apply(inputs[0]);
        return batch with { Features = inputs[0], Inputs = inputs };
    }

    /// <summary>
    /// Whether batch <paramref name="b"/> is reported: every batch for a user's reporter (it asked for them); for the console
    /// bar alone, the last batch and at most one every <see cref="ConsoleProgress.RedrawInterval"/>, so the running values (a read from the
    /// device) are computed only when the bar is redrawn.
    /// </summary>
    private bool ReportBatch(int b, TimeSpan elapsed, ref TimeSpan lastReport)
    {
        if (_options.Progress is not null || b == _iterator.BatchCount - 1) return true;
        if (elapsed - lastReport < ConsoleProgress.RedrawInterval) return false;
        lastReport = elapsed;
        return true;
    }

    private void Report(int epoch, int batches, bool epochEnd, IReadOnlyDictionary<string, double> logs, TimeSpan elapsed)
    {
        if (_progress.Length == 0) return;
        var remaining = epochEnd || batches == 0
            ? TimeSpan.Zero
            : elapsed / batches * (_iterator.BatchCount - batches);
        var report = new TrainingProgress(epoch, _options.Epochs, batches, _iterator.BatchCount, epochEnd, logs, elapsed, remaining);
        foreach (var p in _progress) p.Report(report);
    }

    /// <summary>The user's <see cref="TrainerOptions.Progress"/> and, as <see cref="TrainerOptions.Verbose"/> says, a console reporter.</summary>
    private static IProgress<TrainingProgress>[] ProgressReceivers(TrainerOptions options)
    {
        var receivers = new List<IProgress<TrainingProgress>>();
        if (options.Progress is { } user) receivers.Add(user);
        bool console = options.Verbose switch
        {
            Verbosity.Silent => false,
            Verbosity.Auto => options.Progress is null,
            _ => true,
        };
        if (console) receivers.Add(new ConsoleProgress(options.Verbose));
        return receivers.ToArray();
    }

    /// <summary>Sets the rate of every parameter group of every optimizer (a schedule drives them all).</summary>
    private void SetLearningRate(double rate)
    {
        foreach (var group in _optimizers.SelectMany(o => o.ParamGroups)) group.LearningRate = rate;
    }

    public void Dispose()
    {
        foreach (var m in _heads.Metrics) m.DeferValueChecks = false;
        _iterator.Dispose();
        _shuffleGenerator?.Dispose();
        _context.SetBatchLoss(null);
        _classWeights?.Dispose();
        foreach (var o in _optimizers) o.Dispose();
    }
}
