using System.Text.Json;
using TorchSharp;

namespace DeepLearning.Torch.Data.Preprocessing;

/// <summary>
/// The fitted state of an affine preprocessing step, y = (x - offset) / scale: two float64 CPU tensors shaped to
/// broadcast against a batch (sample axis of size 1, and size 1 on every other axis the statistics were pooled over),
/// cast to the input's type and device when applied. Owns the tensors; names its owner in messages.
/// </summary>
internal sealed class FittedAffine(string owner) : IDisposable
{
    private torch.Tensor? _offset;
    private torch.Tensor? _scale;

    public bool IsFitted => _offset is not null;

    public torch.Tensor Offset => _offset ?? throw NotFitted();

    public torch.Tensor Scale => _scale ?? throw NotFitted();

    /// <summary>The training data as float64 on the CPU, after checking it has samples.</summary>
    public torch.Tensor TrainingData(torch.Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() < 1 || x.shape[0] == 0) throw new ArgumentException($"{owner}: cannot fit on a tensor of shape [{string.Join(", ", x.shape)}]: need at least one sample.", nameof(x));
        return x.detach().to(torch.CPU).to_type(torch.ScalarType.Float64);
    }

    /// <summary>Takes ownership of the statistics (detached from any dispose scope), releasing the previous ones.</summary>
    public void Replace(torch.Tensor? offset, torch.Tensor? scale)
    {
        _offset?.Dispose();
        _scale?.Dispose();
        _offset = offset?.DetachFromDisposeScope();
        _scale = scale?.DetachFromDisposeScope();
    }

    /// <summary>The scale with zeros replaced by 1, so constant features are only shifted.</summary>
    public static torch.Tensor NonZero(torch.Tensor scale) => torch.where(scale.eq(0), torch.ones_like(scale), scale);

    /// <summary>(x - offset) / scale in the input's floating type (float32 for integer input); owned by the caller.</summary>
    public torch.Tensor Forward(torch.Tensor x)
    {
        var (offset, scale, type) = Cast(x);
        return (x.to_type(type) - offset) / scale;
    }

    /// <summary>x * scale + offset; owned by the caller.</summary>
    public torch.Tensor Inverse(torch.Tensor x)
    {
        var (offset, scale, type) = Cast(x);
        return (x.to_type(type) * scale) + offset;
    }

    /// <summary>Parses a state written as JSON by the owner; errors name the owner.</summary>
    public static TState Parse<TState>(string owner, string json) where TState : class
    {
        try
        {
            return JsonSerializer.Deserialize<TState>(json) ?? throw new FormatException($"{owner} JSON is null.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not a {owner} state: {e.Message}", e);
        }
    }

    /// <summary>Takes the statistics of a parsed state; both must be present with one shape.</summary>
    public void Load(TensorValues? offset, TensorValues? scale, string offsetName, string scaleName)
    {
        if (offset is null || scale is null || !offset.Shape.SequenceEqual(scale.Shape))
            throw new FormatException($"{owner} JSON needs '{offsetName}' and '{scaleName}' of the same shape.");
        Replace(offset.ToTensor(offsetName), scale.ToTensor(scaleName));
    }

    public void Dispose() => Replace(null, null);

    private (torch.Tensor Offset, torch.Tensor Scale, torch.ScalarType Type) Cast(torch.Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var offset = Offset;
        bool ok = x.dim() == offset.dim();
        for (int i = 1; ok && i < offset.dim(); i++) ok = offset.shape[i] == x.shape[i] || (offset.shape[i] == 1 && i >= PooledFrom);
        if (!ok)
            throw new ArgumentException($"{owner}: input shape [{string.Join(", ", x.shape)}] does not match the fitted shape [{string.Join(", ", offset.shape)}] (after the sample axis).", nameof(x));
        var type = x.is_floating_point() ? x.dtype : torch.ScalarType.Float32;
        return (offset.to(x.device).to_type(type), Scale.to(x.device).to_type(type), type);
    }

    /// <summary>
    /// The first axis the statistics were pooled over besides the sample axis (2 for per-channel statistics of
    /// (N, C, ...)): inputs may have any size there. <value>Default none.</value>
    /// </summary>
    public int PooledFrom { get; init; } = int.MaxValue;

    private InvalidOperationException NotFitted() => new($"The {owner} is not fitted: call Fit on training data (or FromJson) first.");
}
