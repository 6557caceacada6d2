using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Jets;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using TorchSharp;

namespace DeepLearning.Examples.TopTagging;

/// <summary>The two top taggers: a dense network on constituent four-vectors and a CNN on jet images. Both output a logit.</summary>
public static class TopTaggingModels
{
    /// <summary>Names accepted by --model, the default first.</summary>
    public static readonly string[] Names = ["dnn", "cnn"];

    /// <summary>Pixels per side of the jet images.</summary>
    public const int ImagePixels = 40;

    /// <summary>The model called <paramref name="name"/> for jets of <paramref name="constituents"/> constituents.</summary>
    public static Sequential Create(string name, int constituents) => name switch
    {
        "dnn" => new Sequential("toptag_dnn")
        {
            new Input(constituents, DnnFeatures.Count),
            new Flatten(),
            new Dense(256, Activation.Relu),
            new Dropout(0.1),
            new Dense(128, Activation.Relu),
            new Dense(64, Activation.Relu),
            new Dense(1),
        },
        "cnn" => new Sequential("toptag_cnn")
        {
            new Input(1, ImagePixels, ImagePixels),
            new Conv2D(8, 4, padding: PaddingMode.Same, activation: Activation.Relu),
            new Conv2D(8, 4, padding: PaddingMode.Same, activation: Activation.Relu),
            new MaxPooling2D(2),
            new Conv2D(8, 4, padding: PaddingMode.Same, activation: Activation.Relu),
            new Conv2D(8, 4, padding: PaddingMode.Same, activation: Activation.Relu),
            new Flatten(),
            new Dense(64, Activation.Relu),
            new Dense(64, Activation.Relu),
            new Dense(1),
        },
        _ => throw new ArgumentException($"Unknown model '{name}'; use one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The per-constituent features of the dnn: Δη, Δφ, log pT, log E, their fractions of the jet's, ΔR (padding rows zero).</summary>
    public static readonly ConstituentFeatures DnnFeatures = new();

    /// <summary>
    /// The inputs of model <paramref name="name"/>: <see cref="ImagePixels"/>-pixel pT images, centred, rotated and
    /// flipped (cnn), or per-constituent features relative to the jet axis, (N, constituents, 7) (dnn; raw four-vectors
    /// of jets at random (η, φ) would teach it position, not substructure). A new tensor the caller owns.
    /// </summary>
    public static torch.Tensor Inputs(string name, TopTaggingJets jets)
    {
        if (name == "cnn") return new JetImageBuilder(new JetImageOptions { Pixels = ImagePixels }).Build(jets.Constituents);
        var (features, mask) = DnnFeatures.Compute(jets.Constituents);
        mask.Dispose();
        return features;
    }
}
