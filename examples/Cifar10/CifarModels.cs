using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;

namespace DeepLearning.Examples.Cifar10;

/// <summary>The CIFAR-10 models: the three lecture models (Keras preset) and a small residual network.</summary>
public static class CifarModels
{
    /// <summary>Names accepted by --model, the default first.</summary>
    public static readonly string[] Names = ["cnn", "fc", "dcnn", "resnet"];

    /// <summary>The model called <paramref name="name"/>; every model ends in a softmax over the ten classes, as in the lecture.</summary>
    public static Sequential Create(string name) => name switch
    {
        "fc" => FullyConnected(),
        "cnn" => StridedCnn(),
        "dcnn" => DeepEluCnn(),
        "resnet" => ResNet(),
        _ => throw new ArgumentException($"Unknown model '{name}'; use one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>Lecture model 1: Flatten, Dense 256 relu, Dropout 0.3, Dense 256 relu, Dense 10 softmax (855,050 parameters).</summary>
    public static Sequential FullyConnected() => new("cifar_fc", InitPreset.Keras)
    {
        new Input(3, 32, 32),
        new Flatten(),
        new Dense(256, Activation.Relu),
        new Dropout(0.3),
        new Dense(256, Activation.Relu),
        new Dense(10, Activation.Softmax),
    };

    /// <summary>Lecture model 2: three strided 5×5 convolutions with dropout, Dense 128, softmax (276,426 parameters).</summary>
    public static Sequential StridedCnn() => new("cifar_cnn", InitPreset.Keras)
    {
        new Input(3, 32, 32),
        new Conv2D(32, 5, strides: 2, activation: Activation.Relu), new Dropout(0.3),
        new Conv2D(64, 5, strides: 2, activation: Activation.Relu), new Dropout(0.3),
        new Conv2D(128, 5, strides: 2, activation: Activation.Relu), new Dropout(0.3),
        new Flatten(),
        new Dense(128, Activation.Relu), new Dropout(0.3),
        new Dense(10, Activation.Softmax),
    };

    /// <summary>
    /// Lecture model 3, the deep ELU CNN: pairs of 3×3 ELU convolutions with max pooling, global max pooling,
    /// dropout 0.5 and a Dense 128 with an L1L2(0.025) kernel regularizer, softmax output.
    /// </summary>
    public static Sequential DeepEluCnn() => new("cifar_dcnn", InitPreset.Keras)
    {
        new Input(3, 32, 32),
        new Conv2D(32, 3, padding: PaddingMode.Same, activation: Activation.Elu),
        new Conv2D(32, 3, padding: PaddingMode.Same, activation: Activation.Elu),
        new MaxPooling2D(2),
        new Conv2D(64, 3, padding: PaddingMode.Same, activation: Activation.Elu),
        new Conv2D(64, 3, padding: PaddingMode.Same, activation: Activation.Elu),
        new MaxPooling2D(2),
        new Conv2D(128, 3, padding: PaddingMode.Same, activation: Activation.Elu),
        new Conv2D(128, 3, padding: PaddingMode.Same, activation: Activation.Elu),
        new GlobalMaxPooling2D(),
        new Dropout(0.5),
        new Dense(128, Activation.Elu, kernelRegularizer: Regularizer.L1L2(0.025, 0.025)),
        new Dropout(0.5),
        new Dense(10, Activation.Softmax),
    };

    /// <summary>
    /// ResNet-20 (He et al. 2016, CIFAR variant): a 3×3 stem, three stages of three residual blocks with 16, 32 and 64
    /// filters (stride 2 between stages, projection shortcuts), global average pooling and a softmax output.
    /// </summary>
    public static Sequential ResNet() => new("cifar_resnet20", InitPreset.Torch)
    {
        new Input(3, 32, 32),
        new Conv2D(16, 3, padding: PaddingMode.Same, useBias: false, kernelInitializer: Initializer.HeNormal),
        new BatchNormalization(),
        Activation.Relu,
        Block(16), Block(16), Block(16),
        Block(32, 2), Block(32), Block(32),
        Block(64, 2), Block(64), Block(64),
        new GlobalAveragePooling2D(),
        new Dense(10, Activation.Softmax),
    };

    private static ResidualBlock Block(int filters, int strides = 1) => new(filters, strides: strides, kernelInitializer: Initializer.HeNormal);
}
