namespace DeepLearning.Torch.Layers;

/// <summary>The weight initialisation schemes known to <see cref="Initializer"/>.</summary>
public enum InitializerKind
{
    /// <summary>Uniform in ±sqrt(6 / (fan_in + fan_out)) (Glorot/Xavier uniform).</summary>
    GlorotUniform,
    /// <summary>Truncated normal (±2σ) with σ = sqrt(2 / (fan_in + fan_out)) / 0.8796, as Keras draws it.</summary>
    GlorotNormal,
    /// <summary>Uniform in ±sqrt(6 / fan_in) (He/Kaiming uniform for ReLU).</summary>
    HeUniform,
    /// <summary>Truncated normal (±2σ) with σ = sqrt(2 / fan_in) / 0.8796, as Keras draws it.</summary>
    HeNormal,
    /// <summary>Uniform in ±sqrt(3 / fan_in).</summary>
    LecunUniform,
    /// <summary>Truncated normal (±2σ) with σ = sqrt(1 / fan_in) / 0.8796 (for selu).</summary>
    LecunNormal,
    /// <summary>PyTorch's default for Linear and Conv layers: uniform in ±1/sqrt(fan_in).</summary>
    TorchDefault,
    /// <summary>All zeros.</summary>
    Zeros,
    /// <summary>All ones.</summary>
    Ones,
    /// <summary>A constant value.</summary>
    Constant,
}
