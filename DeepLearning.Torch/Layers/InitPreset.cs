namespace DeepLearning.Torch.Layers;

/// <summary>Default initialisation and normalisation conventions applied where a layer leaves them unspecified.</summary>
public enum InitPreset
{
    /// <summary>
    /// TorchSharp/PyTorch defaults: kernels and biases uniform in ±1/sqrt(fan_in) (kaiming uniform with a = sqrt(5)),
    /// BatchNormalization momentum 0.1 (torch convention) and epsilon 1e-5.
    /// </summary>
    Torch,

    /// <summary>
    /// Keras defaults: glorot uniform kernels (lecun normal for selu layers), zero biases, BatchNormalization
    /// momentum 0.99 (Keras convention, 0.01 in torch's) and epsilon 1e-3, so a model ported from Keras trains as it did there.
    /// </summary>
    Keras,
}
