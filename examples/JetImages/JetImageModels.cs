using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;

namespace DeepLearning.Examples.JetImages;

/// <summary>The 2D CNN of the jet-image lecture notebook for the five HLS4ML classes (g, q, W, Z, t).</summary>
public static class JetImageModels
{
    /// <summary>Names accepted by --model.</summary>
    public static readonly string[] Names = ["cnn"];

    /// <summary>The CNN on (1, pixels, pixels) images, ending in a softmax over five classes.</summary>
    public static Sequential Cnn(int pixels) => new("jet_image_cnn", InitPreset.Keras)
    {
        new Input(1, pixels, pixels),
        new Conv2D(8, 5, padding: PaddingMode.Same, activation: Activation.Relu),
        new MaxPooling2D(2),
        new Conv2D(16, 5, padding: PaddingMode.Same, activation: Activation.Relu),
        new MaxPooling2D(2),
        new Conv2D(32, 3, padding: PaddingMode.Same, activation: Activation.Relu),
        new MaxPooling2D(2),
        new Flatten(),
        new Dense(64, Activation.Relu),
        new Dropout(0.2),
        new Dense(5, Activation.Softmax),
    };
}
