using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Jets;
using DeepLearning.Torch.Data.Preprocessing;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using TorchSharp;

namespace DeepLearning.Examples.TopTagging;

/// <summary>
/// The top taggers, each ending in one logit: a dense network on constituent features (dnn), a CNN on jet images (cnn),
/// and three set models on the <see cref="SetConstituents"/> hardest constituents with their padding mask: a Particle
/// Flow Network (pfn), a ParticleNet-like EdgeConv network (particlenet) and a particle transformer with pairwise
/// attention bias (transformer).
/// </summary>
public static class TopTaggingModels
{
    /// <summary>Names accepted by --model, the default first.</summary>
    public static readonly string[] Names = ["dnn", "cnn", "pfn", "particlenet", "transformer"];

    /// <summary>Pixels per side of the jet images.</summary>
    public const int ImagePixels = 40;

    /// <summary>Constituents (the hardest, files sort them by pT) that the set models see.</summary>
    public const int SetConstituents = 40;

    /// <summary>Whether model <paramref name="name"/> takes (features, mask[, four-vectors]) of the hardest constituents.</summary>
    public static bool IsSetModel(string name) => name is "pfn" or "particlenet" or "transformer";

    /// <summary>The model called <paramref name="name"/> for jets of <paramref name="constituents"/> constituents, built with <paramref name="seed"/>.</summary>
    public static Model Build(string name, int constituents, long seed)
    {
        if (!IsSetModel(name)) return Create(name, constituents).Build(seed);
        int p = SetConstituents, f = DnnFeatures.Count;
        var particles = Input.Create("particles", p, f);
        var mask = Input.Create("mask", p);
        var inputs = new List<SymbolicTensor> { particles, mask };
        SymbolicTensor jet;
        switch (name)
        {
            case "pfn":
                jet = new ParticleFlowBlock([64, 64, 64], [64, 64]) { Name = "pfn" }.Call(particles, mask);
                break;
            case "particlenet":
                // Neighbours first in (Δη, Δφ), then in the learned features, as ParticleNet.
                var h = new EdgeConvBlock(8, [32, 32, 32], coordinateFeatures: [0, 1]) { Name = "edge_conv_1" }.Call(particles, mask);
                h = new EdgeConvBlock(8, [64, 64, 64]) { Name = "edge_conv_2" }.Call(h, mask);
                jet = new Dropout(0.1).Call(new Dense(64, Activation.Relu).Call(new GlobalAveragePooling1D().Call(h, mask)));
                break;
            default:
                var vectors = Input.Create("four_vectors", p, 4);
                inputs.Add(vectors);
                var pairs = new ParticlePairFeatures { Name = "pair_features" }.Call(vectors, mask);
                var x = new Dense(32) { Name = "embed" }.Call(particles);
                x = new ParticleAttentionBlock(4, [32], mlpUnits: 64) { Name = "particle_attention_1" }.Call(x, pairs, mask);
                x = new ParticleAttentionBlock(4, [32], mlpUnits: 64) { Name = "particle_attention_2" }.Call(x, pairs, mask);
                jet = new Dense(64, Activation.Relu).Call(new LayerNormalization().Call(new GlobalAveragePooling1D().Call(x, mask)));
                break;
        }
        return Model.FromGraph(inputs, new Dense(1).Call(jet), name: "toptag_" + name, seed: seed);
    }

    /// <summary>The dnn or cnn called <paramref name="name"/> for jets of <paramref name="constituents"/> constituents.</summary>
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
    /// The inputs of model <paramref name="name"/>, not yet standardised: <see cref="ImagePixels"/>-pixel pT images,
    /// centred, rotated and flipped (cnn); per-constituent features relative to the jet axis, (N, constituents, 7)
    /// (dnn; raw four-vectors of jets at random (η, φ) would teach it position, not substructure); for the set models
    /// the features and the mask (N, <see cref="SetConstituents"/>) of the hardest constituents, and for the
    /// transformer their four-vectors. New tensors the caller owns.
    /// </summary>
    public static List<torch.Tensor> Inputs(string name, TopTaggingJets jets)
    {
        if (name == "cnn") return [new JetImageBuilder(new JetImageOptions { Pixels = ImagePixels }).Build(jets.Constituents)];
        if (!IsSetModel(name))
        {
            var (all, allMask) = DnnFeatures.Compute(jets.Constituents);
            allMask.Dispose();
            return [all];
        }
        using var hardest = jets.Constituents.narrow(1, 0, Math.Min(SetConstituents, jets.Constituents.shape[1]));
        if (hardest.shape[1] < SetConstituents)
            throw new ArgumentException($"The set models take {SetConstituents} constituents per jet; the files have {hardest.shape[1]}.", nameof(jets));
        var (features, mask) = DnnFeatures.Compute(hardest);
        var inputs = new List<torch.Tensor> { features, mask.to_type(torch.float32) };
        mask.Dispose();
        if (name == "transformer") inputs.Add(hardest.to_type(torch.float32));
        return inputs;
    }

    /// <summary>
    /// Standardises the first input in place of the list (fitting <paramref name="standardizer"/> when
    /// <paramref name="fit"/>): per element for the dnn, per channel for the cnn, per feature for the set models (over
    /// every constituent slot), whose padded rows are set back to zero. The replaced tensor is disposed.
    /// </summary>
    public static void Standardize(string name, Standardizer standardizer, List<torch.Tensor> inputs, bool fit)
    {
        torch.Tensor raw = inputs[0];
        if (!IsSetModel(name))
        {
            inputs[0] = fit ? standardizer.FitTransform(raw) : standardizer.Transform(raw);
        }
        else
        {
            // (N, P, F) -> (N, F, P): the features become the channel axis of a per-channel standardizer.
            using var channels = raw.transpose(1, 2);
            using var scaled = fit ? standardizer.FitTransform(channels) : standardizer.Transform(channels);
            using var back = scaled.transpose(1, 2);
            using var real = inputs[1].gt(0).unsqueeze(2);
            inputs[0] = back.mul(real).contiguous();
        }
        raw.Dispose();
    }

    /// <summary>The statistics the standardizer of model <paramref name="name"/> computes.</summary>
    public static StandardizationAxes StandardizationFor(string name) => name == "dnn" ? StandardizationAxes.PerElement : StandardizationAxes.PerChannel;
}
