using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// A metric's running float64 sums. On an accelerator they stay on the device of its inputs: <see cref="Add"/> adds a
/// batch's scalars without reading them back, <see cref="Read"/> moves all sums to the host in one transfer (at the epoch's
/// end). On the CPU a read costs nothing to wait for, while every extra tensor operation costs its dispatch, so CPU scalars
/// are read at once and summed in host doubles; both paths add the same float64 values in the same order.
/// </summary>
internal sealed class DeviceSums
{
    private Tensor? _sums;
    private double[]? _host;

    /// <summary>Whether nothing was added since the last <see cref="Reset"/>.</summary>
    internal bool IsEmpty => _sums is null && _host is null;

    /// <summary>Adds one scalar per sum (in a fixed order), all on one device.</summary>
    internal void Add(params Tensor[] scalars)
    {
        if (scalars.Length > 0 && scalars[0].device_type == TorchSharp.DeviceType.CPU)
        {
            _host ??= new double[scalars.Length];
            for (int i = 0; i < scalars.Length; i++) _host[i] += HostValue(scalars[i]);
            return;
        }
        using var scope = NewDisposeScope();
        var values = stack(scalars.Select(s => s.detach().reshape(-1).to_type(ScalarType.Float64)).ToArray()).reshape(-1);
        if (_sums is null) _sums = values.DetachFromDisposeScope();
        else _sums.add_(values);
    }

    /// <summary>The sums on the host, or null when nothing was added.</summary>
    internal double[]? Read()
    {
        if (_host is not null) return (double[])_host.Clone();
        if (_sums is null) return null;
        using var scope = NewDisposeScope();
        return _sums.cpu().data<double>().ToArray();
    }

    /// <summary>Drops the sums (and the tensor holding them).</summary>
    internal void Reset()
    {
        _sums?.Dispose();
        _sums = null;
        _host = null;
    }

    /// <summary>A CPU scalar as a double, widened exactly (a float64 scalar is read as it is).</summary>
    internal static double HostValue(Tensor scalar)
    {
        if (scalar.dtype == ScalarType.Float64) return scalar.item<double>();
        if (scalar.dtype == ScalarType.Float32) return scalar.item<float>();
        using var widened = scalar.to_type(ScalarType.Float64);
        return widened.item<double>();
    }
}
