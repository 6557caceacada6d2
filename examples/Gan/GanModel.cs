using System.Text.Json.Nodes;
using DeepLearning.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Examples.Gan;

/// <summary>
/// A generator and a discriminator held as one module, so that the trainer moves, checkpoints and restores both. Its
/// <c>forward</c> is the generator (noise to images); <see cref="GanStep"/> trains the two parts with their own optimizers.
/// </summary>
public sealed class GanModel : nn.Module<Tensor, Tensor>, IDescribedModule
{
    private readonly Model generator;
    private readonly Model discriminator;

    /// <summary>Holds <paramref name="generator"/> (latent vector to a (1, 28, 28) image) and <paramref name="discriminator"/> (image to one logit).</summary>
    /// <param name="generator">Input (latent), output an image with pixels in [0, 1].</param>
    /// <param name="discriminator">Input an image, output one logit ("real").</param>
    /// <exception cref="ArgumentException">The shapes do not chain: the generator's output is not the discriminator's input, or the discriminator gives more than one value.</exception>
    public GanModel(Model generator, Model discriminator) : base("gan")
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(discriminator);
        if (!generator.OutputShapes[0].Equals(discriminator.InputShapes[0]))
            throw new ArgumentException($"The generator {generator.Description.Name} makes images of shape {generator.OutputShapes[0]} but the discriminator {discriminator.Description.Name} reads {discriminator.InputShapes[0]}.", nameof(discriminator));
        if (discriminator.OutputShapes[0].ElementCount != 1)
            throw new ArgumentException($"The discriminator {discriminator.Description.Name} must give one logit per image, not {discriminator.OutputShapes[0]}.", nameof(discriminator));
        this.generator = generator;
        this.discriminator = discriminator;
        RegisterComponents();
    }

    /// <summary>Noise (N, latent) to images.</summary>
    public Model Generator => generator;

    /// <summary>Images to one logit each: positive for "real".</summary>
    public Model Discriminator => discriminator;

    /// <summary>The length of the generator's noise vector.</summary>
    public int LatentSize => generator.InputShapes[0][0];

    /// <summary>Generates images from noise (the generator).</summary>
    /// <param name="noise">(N, latent).</param>
    /// <returns>(N, 1, 28, 28) images.</returns>
    public override Tensor forward(Tensor noise) => generator.forward(noise);

    /// <summary>Both architectures, so that a checkpoint of one GAN does not resume into another.</summary>
    /// <returns>JSON with the generator's and the discriminator's descriptions.</returns>
    public string DescribeAsJson() => new JsonObject
    {
        ["generator"] = JsonNode.Parse(generator.DescribeAsJson()),
        ["discriminator"] = JsonNode.Parse(discriminator.DescribeAsJson()),
    }.ToJsonString();
}
