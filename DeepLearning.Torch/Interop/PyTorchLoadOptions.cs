namespace DeepLearning.Torch.Interop;

/// <summary>How <see cref="PyTorchWeights.Load"/> pairs and copies a PyTorch file's tensors.</summary>
public sealed class PyTorchLoadOptions
{
    /// <summary>Whether every tensor of the model must be in the file and every tensor of the file must be used, as
    /// PyTorch's <c>load_state_dict(strict=True)</c>. With <c>false</c> the tensors that pair up are loaded and the rest
    /// are listed in the report. Shapes and dtypes are checked either way. <value>Default true.</value></summary>
    public bool Strict { get; init; } = true;

    /// <summary>Our names to the file's names. <value>Default null: the names must agree exactly.</value></summary>
    public WeightNameMap? Names { get; init; }

    /// <summary>The file's format. <value>Default Auto: recognised from the first bytes.</value></summary>
    public WeightFormat Format { get; init; } = WeightFormat.Auto;

    /// <summary>Whether a floating-point tensor of another floating dtype (a float64 file into a float32 model) is
    /// converted to the model's dtype. Other dtype differences are always refused. <value>Default false: any dtype
    /// difference is an error naming the tensor and both dtypes.</value></summary>
    public bool ConvertFloatingTypes { get; init; }
}
