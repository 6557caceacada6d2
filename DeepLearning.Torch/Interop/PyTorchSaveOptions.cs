namespace DeepLearning.Torch.Interop;

/// <summary>How <see cref="PyTorchWeights.Save"/> writes a model's tensors for PyTorch.</summary>
public sealed class PyTorchSaveOptions
{
    /// <summary>Our names to the names written (those PyTorch's module expects). <value>Default null: our names.</value></summary>
    public WeightNameMap? Names { get; init; }

    /// <summary>The file's format. <value>Default Auto: safetensors for a path ending in <c>.safetensors</c>, else a
    /// <c>torch.save</c> archive.</value></summary>
    public WeightFormat Format { get; init; } = WeightFormat.Auto;

    /// <summary>Whether each BatchNormalization also gets PyTorch's <c>num_batches_tracked</c> counter (an int64 scalar,
    /// written as 0: our layer does not count batches; PyTorch reads it only with <c>momentum=None</c>), so that
    /// <c>load_state_dict</c> finds every key of <c>nn.BatchNorm2d</c>. <value>Default true.</value></summary>
    public bool WriteNumBatchesTracked { get; init; } = true;
}
