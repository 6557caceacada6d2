using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;

namespace DeepLearning.Examples.JetImages;

/// <summary>The 2D CNN of the jet-image lecture notebook for the five HLS4ML classes (g, q, W, Z, t).</summary>
public static class JetImageModels
{
    /// <summary>Names accepted by --model.</summary>
    public static readonly string[] Names = ["cnn", "cnn_mass"];

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

    /// <summary>
    /// The same network with an auxiliary output: beside the softmax over five classes (<c>class</c>) a linear jet-mass
    /// regression head (<c>mass</c>, the standardised <c>j_mass</c>) on the shared 64 features.
    /// </summary>
    public static Model CnnWithMass(int pixels, long seed)
    {
        var image = Input.Create("image", 1, pixels, pixels);
        var h = new Conv2D(8, 5, padding: PaddingMode.Same, activation: Activation.Relu).Call(image);
        h = new MaxPooling2D(2).Call(h);
        h = new Conv2D(16, 5, padding: PaddingMode.Same, activation: Activation.Relu).Call(h);
        h = new MaxPooling2D(2).Call(h);
        h = new Conv2D(32, 3, padding: PaddingMode.Same, activation: Activation.Relu).Call(h);
        h = new MaxPooling2D(2).Call(h);
        h = new Dropout(0.2).Call(new Dense(64, Activation.Relu).Call(new Flatten().Call(h)));
        var jetClass = new Dense(5, Activation.Softmax) { Name = "class" }.Call(h);
        var mass = new Dense(1) { Name = "mass" }.Call(h);
        return Model.FromGraph([image], [jetClass, mass], name: "jet_image_cnn_mass", preset: InitPreset.Keras, seed: seed);
    }
}
