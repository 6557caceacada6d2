using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// A metric's running float64 sums, kept on the device of its inputs: <see cref="Add"/> adds a batch's scalars without
/// reading them back, <see cref="Read"/> moves all sums to the host in one transfer (at the epoch's end).
/// </summary>
internal sealed class DeviceSums
{
    private Tensor? _sums;

    /// <summary>Whether nothing was added since the last <see cref="Reset"/>.</summary>
    internal bool IsEmpty => _sums is null;

    /// <summary>Adds one scalar per sum (in a fixed order), all on one device.</summary>
    internal void Add(params Tensor[] scalars)
    {
        using var scope = NewDisposeScope();
        var values = stack(scalars.Select(s => s.detach().reshape(-1).to_type(ScalarType.Float64)).ToArray()).reshape(-1);
        if (_sums is null) _sums = values.DetachFromDisposeScope();
        else _sums.add_(values);
    }

    /// <summary>The sums on the host, or null when nothing was added.</summary>
    internal double[]? Read()
    {
        if (_sums is null) return null;
        using var scope = NewDisposeScope();
        return _sums.cpu().data<double>().ToArray();
    }

    /// <summary>Drops the sums (and the tensor holding them).</summary>
    internal void Reset()
    {
        _sums?.Dispose();
        _sums = null;
    }
}
