namespace DeepLearning.Torch.Layers;

/// <summary>
/// A layer with a kernel and an optional bias (Dense and the convolutions): the activation, initializer and
/// regularizer options they all share, as in Keras.
/// </summary>
public abstract record WeightedLayer : Layer
{
    private protected WeightedLayer(Activation? activation, bool useBias, Initializer? kernelInitializer, Initializer? biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer)
    {
        Activation = activation;
        UseBias = useBias;
        KernelInitializer = kernelInitializer;
        BiasInitializer = biasInitializer;
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
    }

    /// <summary>Activation applied to the output; <c>null</c> for none (linear).</summary>
    public Activation? Activation { get; init; }
    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; init; }
    /// <summary>Kernel initializer; <c>null</c> for the model preset's.</summary>
    public Initializer? KernelInitializer { get; init; }
    /// <summary>Bias initializer; <c>null</c> for the model preset's.</summary>
    public Initializer? BiasInitializer { get; init; }
    /// <summary>Penalty on the kernel; <c>null</c> for none.</summary>
    public Regularizer? KernelRegularizer { get; init; }
    /// <summary>Penalty on the bias; <c>null</c> for none.</summary>
    public Regularizer? BiasRegularizer { get; init; }
}
