using System.Diagnostics;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.LossFunctions;
using DeepLearning.Torch.Training.Metrics;
using DeepLearning.Torch.Training.Optimization;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>One call of <see cref="Trainer.Fit"/>: owns the optimizer, generator, iterator and class-weight tensor.</summary>
internal sealed partial class TrainingRun : IDisposable
{
    private readonly TrainerOptions _options;
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly DataPart? _validation;
    private readonly Loss _loss;
    private readonly Metric[] _metrics;
    private readonly Callback[] _callbacks;
    private readonly LearningRateSchedule? _schedule;
    private readonly optim.Optimizer _optimizer;
    private readonly Generator? _shuffleGenerator;
    private readonly BatchIterator _iterator;
    private readonly Tensor? _classWeights;
    private readonly History _history;
    private readonly TrainingContext _context;
    private readonly TerminateOnNaN? _guard;
    private readonly IProgress<TrainingProgress>[] _progress;
    private readonly bool _batchProgress;
    private readonly DataPart _train;
    private bool _targetsChecked;

    internal TrainingRun(TrainerOptions options, nn.Module<Tensor, Tensor> model, DataPart train, DataPart? validation,
        DeviceChoice device, ILogger logger)
    {
        _options = options;
        _model = model;
        _train = train;
        _validation = validation;
        _loss = options.Loss!;
        _metrics = options.Metrics.ToArray();
        _callbacks = options.Callbacks.Select((c, i) => (c, i)).OrderBy(p => p.c.Order).ThenBy(p => p.i).Select(p => p.c).ToArray();
        _schedule = options.Schedule;
        // A TerminateOnNaN among the callbacks configures the guard; otherwise the default one checks the loss only.
        _guard = _callbacks.OfType<TerminateOnNaN>().FirstOrDefault()
                 ?? (options.TerminateOnNonFinite ? new TerminateOnNaN { CheckGradients = false } : null);
        _progress = ProgressReceivers(options);
        // Epoch lines need no per-batch report, so the running values are only computed for a bar or a user's reporter.
        _batchProgress = _progress.Any(p => p is not ConsoleProgress { Verbosity: not Verbosity.ProgressBar });
        model.to(device.Device);
        _optimizer = options.Optimizer.Create(model.parameters());
        if (_schedule is Optimization.OneCycle { CycleMomentum: true } && !OptimizerMomentum.Supports(_optimizer))
        {
            _optimizer.Dispose();
            throw new ArgumentException(
                $"OneCycle with CycleMomentum needs an optimizer with momentum (SGD, RMSprop) or beta1 (Adam, AdamW); {options.Optimizer.Name} has neither.",
                nameof(options));
        }
        _shuffleGenerator = options.Shuffle ? new Generator((ulong)options.Seed) : null;
        _iterator = new BatchIterator(train.Data, options.BatchSize, device.Device, _shuffleGenerator, rows: train.Rows);
        using (var scope = NewDisposeScope())
        {
            _classWeights = options.ClassWeights is { } cw
                ? tensor(cw.Select(w => (float)w).ToArray()).to(device.Device).DetachFromDisposeScope()
                : null;
        }
        _history = new History(options.Seed, device.Device.ToString(), device.Reason, PackageVersions.Collect());
        _context = new TrainingContext(model, _optimizer, options, device, _history, logger, SaveCheckpoint) { BatchCount = _iterator.BatchCount };
    }

    internal History Run(string? resumeFrom, CancellationToken cancellationToken)
    {
        if (resumeFrom is null) random.manual_seed(_options.Seed);
        _schedule?.Begin(_options.Optimizer.LearningRate, _options.Epochs, _iterator.BatchCount);
        foreach (var c in _callbacks) c.OnTrainBegin(_context);
        int startEpoch = resumeFrom is null ? 1 : Resume(resumeFrom) + 1;
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
        foreach (var m in _metrics) m.Reset();
        _iterator.BeginEpoch();
        double lossSum = 0;
        long seen = 0;
        int skipped = 0;
        for (int b = 0; b < _iterator.BatchCount; b++)
        {
            _context.BatchIndex = b;
            double batchLoss;
            using (var scope = NewDisposeScope())
            {
                var batch = _iterator.GetBatch(b);
                foreach (var c in _callbacks) c.OnBatchBegin(_context);
                if (_schedule?.AtBatchBegin(_context.GlobalStep) is double batchRate) SetLearningRate(batchRate);
                if (_schedule?.MomentumAtBatchBegin(_context.GlobalStep) is double momentum) OptimizerMomentum.Set(_optimizer, momentum);
                batchLoss = TrainBatch(batch, out bool bad, out bool stop);
                if (stop) return;
                if (bad) skipped++;
                else
                {
                    lossSum += batchLoss * batch.Count;
                    seen += batch.Count;
                }
            }
            _context.GlobalStep++;
            _context.BatchLoss = batchLoss;
            foreach (var c in _callbacks) c.OnBatchEnd(_context);
            if (_batchProgress) Report(epoch, b + 1, false, RunningLogs(lossSum, seen, perBatch: true), clock.Elapsed);
            if (_context.StopReason is StopReason.NonFiniteLoss or StopReason.NonFiniteGradient) return;
            if (cancellationToken.IsCancellationRequested)
            {
                _context.RequestStop(StopReason.Cancelled, $"cancelled in epoch {epoch} after batch {b}");
                return;
            }
        }

        var logs = RunningLogs(lossSum, seen);
        if (_guard is { SkipBatch: true }) logs[MetricKeys.SkippedBatches] = skipped;
        if (_validation is not null)
        {
            var values = BatchEvaluation.Evaluate(_model, _validation.Data, _validation.Rows, _loss, _metrics, _classWeights, _iterator.Device, _options.BatchSize);
            foreach (var (key, value) in values) logs[MetricKeys.Validation(key)] = value;
        }
        double usedRate = _context.LearningRate;
        if (_schedule?.AtEpochEnd(epoch, logs, usedRate) is double newRate) SetLearningRate(newRate);
        _history.Add(new EpochRecord(epoch, logs, usedRate, clock.Elapsed.TotalSeconds));
        _context.Logs = logs;
        foreach (var c in _callbacks) c.OnEpochEnd(_context);
        Report(epoch, _iterator.BatchCount, true, logs, clock.Elapsed);
    }

    /// <summary>
    /// One step. <paramref name="bad"/>: the guard found non-finite numbers, so no step was taken; <paramref name="stop"/>:
    /// and training stops now (otherwise the batch is skipped).
    /// </summary>
    private double TrainBatch(Batch batch, out bool bad, out bool stop)
    {
        bad = stop = false;
        _optimizer.zero_grad();
        var prediction = ModelInputs.Forward(_model, Augmented(batch.Inputs));
        if (!_targetsChecked)
        {
            CheckTargets(prediction);
            _targetsChecked = true;
        }
        var weights = SampleWeights.Combine(batch.Labels!, batch.Weights, _classWeights);
        var loss = BatchEvaluation.WithRegularization(_model, _loss.Compute(prediction, batch.Labels!, weights));
        loss.backward();
        if (_guard is not null && NonFiniteGuard.Check(_model, loss, batch, _guard.CheckGradients) is var (reason, problem))
        {
            _optimizer.zero_grad();
            bad = true;
            stop = !_guard.HandleNonFinite(_context, reason, problem);
            return loss.item<float>();
        }
        if (_options.GradientClipValue is double clipValue) nn.utils.clip_grad_value_(_model.parameters(), clipValue);
        if (_options.GradientClipNorm is double clipNorm) nn.utils.clip_grad_norm_(_model.parameters(), clipNorm);
        _optimizer.step();
        if (_metrics.Length > 0)
        {
            using var noGrad = no_grad();
            var detached = prediction.detach();
            foreach (var m in _metrics) m.Update(detached, batch.Labels!, weights);
        }
        return loss.item<float>();
    }

    /// <summary>
    /// Checks the labels of the whole training and validation data once, against the loss and the shape of the model's
    /// first predictions: finite values, then <see cref="Loss.ValidateTargets"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The labels do not fit; the message names the data, the loss and the form expected.</exception>
    private void CheckTargets(Tensor prediction)
    {
        var sets = new List<(TensorDataset Data, string Name, string Parameter)> { (_train.Data, "training", "train") };
        if (_validation is not null && !ReferenceEquals(_validation.Data, _train.Data)) sets.Add((_validation.Data, "validation", "validation"));
        foreach (var (data, name, parameter) in sets)
        {
            var labels = data.Labels!;
            if (labels.is_floating_point() && (~labels.isfinite()).sum().item<long>() is var bad and > 0)
                throw new ArgumentException($"The {name} labels hold {bad} NaN or infinite value(s); {_loss.Call} cannot learn from them.", parameter);
            long[] shape = [labels.shape[0], .. prediction.shape.Skip(1)];
            try
            {
                _loss.ValidateTargets(labels, shape);
            }
            catch (ArgumentException e) when (e.ParamName is null)
            {
                throw new ArgumentException($"The {name} labels do not fit the loss: {e.Message}", parameter, e);
            }
        }
    }

    /// <summary>The batch inputs with <see cref="TrainerOptions.Augmentation"/> applied to the first (only) one.</summary>
    private IReadOnlyList<Tensor> Augmented(IReadOnlyList<Tensor> inputs)
    {
        if (_options.Augmentation is not { } augmentation) return inputs;
        var augmented = inputs.ToArray();
        augmented[0] = augmentation.Apply(inputs[0]);
        return augmented;
    }

    private Dictionary<string, double> RunningLogs(double lossSum, long seen, bool perBatch = false)
    {
        var logs = new Dictionary<string, double> { [MetricKeys.Loss] = seen > 0 ? lossSum / seen : double.NaN };
        foreach (var m in _metrics)
        {
            if (!perBatch || m.ReportedPerBatch) logs[m.Name] = m.Result;
        }
        return logs;
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

    private void SetLearningRate(double rate)
    {
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = rate;
    }

    public void Dispose()
    {
        _iterator.Dispose();
        _shuffleGenerator?.Dispose();
        _classWeights?.Dispose();
        _optimizer.Dispose();
    }
}
