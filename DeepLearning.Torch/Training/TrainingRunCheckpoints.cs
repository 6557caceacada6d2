using System.Text;
using DeepLearning.Torch.IO;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training.Checkpoints;
using DeepLearning.Torch.Training.Core;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>Writing and resuming checkpoints of a run.</summary>
internal sealed partial class TrainingRun
{
    // Where checkpoints of earlier versions of the format kept the augmentation's state (they kept the schedule's in its own section).
    private const string EarlierAugmentationKey = "$augmentation";

    private void SaveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var torchRng = random.get_rng_state();
        using var shuffleRng = _shuffleGenerator?.get_state();
        var state = new TrainingState
        {
            Epoch = _context.Epoch,
            GlobalStep = _context.GlobalStep,
            LearningRate = _context.LearningRate,
            Seed = _options.Seed,
            ModelType = _model.GetType().FullName ?? _model.GetType().Name,
            ModelDescription = (_model as IDescribedModule)?.DescribeAsJson(),
            HistoryJson = _history.ToJson(),
            Weights = _model.state_dict().Select(p => (p.Key, p.Value)).ToList(),
            Optimizer = Blob(w => Helper(_optimizers[0]).save_state_dict(w)),
            MoreOptimizers = _optimizers.Skip(1).Select(o => Blob(w => Helper(o).save_state_dict(w))).ToList(),
            Callbacks = [.. StatefulComponents().Select(p => (p.Key, Blob(p.Component.SaveState)))],
            TorchRngState = torchRng,
            ShuffleRngState = shuffleRng,
            Settings = RunSettings.Describe(_options),
        };
        CheckpointFile.WriteAtomically(path, state.Serialize());
    }

    /// <summary>Restores the run from <paramref name="path"/>; returns the epoch it was written after.</summary>
    private int Resume(string path)
    {
        using var state = Checkpoint.Read(path);
        if (_model is IDescribedModule described && state.ModelDescription is not null && described.DescribeAsJson() != state.ModelDescription)
            throw new CheckpointException(path, "was written for a different model architecture (the model descriptions differ).");
        if (state.Epoch < 0 || state.Epoch > _options.Epochs)
            throw new CheckpointException(path, $"was written after epoch {state.Epoch}, outside the {_options.Epochs} epochs of this run.");
        Checkpoint.ValidateWeights(path, state, _model);
        if (state.Settings is not null && RunSettings.Differences(state.Settings, RunSettings.Describe(_options)) is { Count: > 0 } differences)
            throw new CheckpointException(path,
                $"was written by a run with other settings ({string.Join("; ", differences)}); resuming could not reproduce that run. " +
                "Resume with the same settings, or start a new run from its weights (Checkpoint.LoadWeights).");
        if (state.Seed != _options.Seed)
            _context.Logger.LogWarning("Checkpoint {Path} was written with seed {Saved}; this run uses seed {Seed}.", path, state.Seed, _options.Seed);
        var restoredHistory = Wrap(path, "history", () => History.FromJson(state.HistoryJson));
        if (state.Optimizers.Count != _optimizers.Length)
            throw new CheckpointException(path,
                $"holds the state of {state.Optimizers.Count} optimizer(s), but this run's {_step.GetType().Name} creates {_optimizers.Length}.");
        for (int i = 0; i < _optimizers.Length; i++)
        {
            var (optimizer, blob) = (_optimizers[i], state.Optimizers[i]);
            Wrap(path, _optimizers.Length == 1 ? "optimizer state" : $"state of optimizer {i}", () => Helper(optimizer).load_state_dict(Reader(blob)));
        }
        var saved = state.Callbacks.ToDictionary(c => c.Key, c => c.State);
        foreach (var (key, component) in StatefulComponents())
        {
            byte[]? blob = saved.TryGetValue(key, out byte[]? own) ? own
                : ReferenceEquals(component, _schedule) ? state.Schedule
                : ReferenceEquals(component, _options.Augmentation) && saved.TryGetValue(EarlierAugmentationKey, out byte[]? earlier) ? earlier
                : null;
            if (blob is not null) Wrap(path, $"state of {key}", () => component.LoadState(Reader(blob)));
            else _context.Logger.LogWarning("Checkpoint {Path} holds no state for {Key}; it starts fresh.", path, key);
        }
        Checkpoint.CopyWeights(path, state, _model);
        // The saved rate is the first optimizer's; a schedule drives every optimizer, otherwise each keeps its own state's rate.
        if (_schedule is not null || _optimizers.Length == 1) SetLearningRate(state.LearningRate);
        if (state.TorchRngState is not null) random.set_rng_state(state.TorchRngState);
        if (_shuffleGenerator is not null && state.ShuffleRngState is not null) _shuffleGenerator.set_state(state.ShuffleRngState);
        foreach (var record in restoredHistory.Epochs) _history.Add(record);
        _context.Epoch = state.Epoch;
        _context.GlobalStep = state.GlobalStep;
        _context.Logger.LogInformation("Resumed from {Path} after epoch {Epoch}.", path, state.Epoch);
        return state.Epoch;
    }

    /// <summary>
    /// Every component whose state the checkpoint holds (callbacks in run order, the schedule, the augmentation), each under
    /// its <see cref="IStateful.StateKey"/>; a repeated key gets <c>#2</c>, <c>#3</c>, ... in that order.
    /// </summary>
    private IEnumerable<(string Key, IStateful Component)> StatefulComponents()
    {
        IEnumerable<IStateful> components = [.. _callbacks, .. _schedule is null ? [] : new IStateful[] { _schedule },
            .. _options.Augmentation is { } augmentation ? new IStateful[] { augmentation } : []];
        var seen = new Dictionary<string, int>();
        foreach (var c in components)
        {
            int n = seen.TryGetValue(c.StateKey, out int k) ? k + 1 : 1;
            seen[c.StateKey] = n;
            yield return (n == 1 ? c.StateKey : $"{c.StateKey}#{n}", c);
        }
    }

    private static TorchSharp.Modules.OptimizerHelper Helper(optim.Optimizer optimizer) => optimizer as TorchSharp.Modules.OptimizerHelper
        ?? throw new NotSupportedException($"Checkpoints need an optimizer whose state TorchSharp can save; {optimizer.GetType().Name} cannot.");

    private static byte[] Blob(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) write(writer);
        return stream.ToArray();
    }

    private static BinaryReader Reader(byte[] blob) => new(new MemoryStream(blob), Encoding.UTF8);

    private static T Wrap<T>(string path, string part, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not CheckpointException and not OutOfMemoryException)
        {
            throw new CheckpointException(path, $"cannot restore the {part}: {e.Message}", e);
        }
    }

    private static void Wrap(string path, string part, Action action) => Wrap(path, part, () => { action(); return 0; });
}
