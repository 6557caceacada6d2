namespace DeepLearning.Torch.Layers;

/// <summary>The activation functions known to <see cref="Activation"/>.</summary>
public enum ActivationKind
{
    /// <summary>Identity.</summary>
    Linear,
    /// <summary>max(0, x).</summary>
    Relu,
    /// <summary>x for x &gt; 0, slope·x otherwise.</summary>
    LeakyRelu,
    /// <summary>x for x &gt; 0, alpha·(exp(x) − 1) otherwise.</summary>
    Elu,
    /// <summary>Scaled ELU (self-normalising); pairs with lecun normal initialisation and AlphaDropout.</summary>
    Selu,
    /// <summary>1 / (1 + exp(−x)).</summary>
    Sigmoid,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>Softmax over the feature axis: the last axis, or the channel axis of a convolution's output.</summary>
    Softmax,
    /// <summary>log(1 + exp(x)).</summary>
    Softplus,
    /// <summary>Leaky ReLU with a learned slope per channel (initialised to the given alpha).</summary>
    PRelu,
    /// <summary>Gaussian error linear unit x·Φ(x), exact (erf) form as torch's and Keras' default.</summary>
    Gelu,
    /// <summary>Swish (SiLU) x·sigmoid(x).</summary>
    Swish,
}
