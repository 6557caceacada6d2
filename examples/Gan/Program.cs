using System.Globalization;
using DeepLearning.Examples;
using DeepLearning.Examples.Gan;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using static TorchSharp.torch;

return ExampleCommand.Run("gan", "A GAN on MNIST: a generator learns to draw digits against a discriminator, trained by a custom training step with two optimizers.", ["dense", "dcgan"], args, Run);

static int Run(ExampleArguments arguments)
{
    const int latent = 64;   // the length of the generator's noise vector
    bool dcgan = arguments.Model == "dcgan";
    // Models: the generator maps noise to a 28x28 image with pixels in [0, 1]; the discriminator maps an image to one logit.
    using var gan = new GanModel(Generator(dcgan, latent).Build(arguments.Seed), Discriminator(dcgan).Build(arguments.Seed + 1));
    if (arguments.SummaryOnly) return ExampleCommand.PrintSummary(gan.Generator) + ExampleCommand.PrintSummary(gan.Discriminator);
    ExampleCommand.CheckOnnxExport(gan.Generator, arguments);   // --export-onnx writes the generator (noise -> image)
    using var scope = NewDisposeScope();   // frees every tensor below when the run ends

    // Data: MNIST images only (a GAN needs no labels); the training set when present, else 75% of the official test set.
    var run = new RunReport(arguments.Out, $"GAN on MNIST ({arguments.Model})");
    var mnist = MnistData.Read(arguments.Data, arguments.Limit, arguments.Seed);
    Console.WriteLine($"Data: {mnist.Description}");
    using var images = new TensorDataset(mnist.TrainImages);

    // Options: the custom step trains the discriminator and the generator, each with its own Adam (the DCGAN recipe:
    // learning rate 2e-4, beta1 0.5). Callbacks, progress, checkpoints of both optimizers and exact resume stay.
    var samples = new GeneratedSamples(latent, count: 10, seed: arguments.Seed);
    var trainer = new Trainer(new TrainerOptions
    {
        Epochs = arguments.Epochs ?? (dcgan ? 10 : 30),
        BatchSize = arguments.BatchSize ?? 64,
        Seed = arguments.Seed,
        ValidationSplit = 0.1,
        Device = arguments.Device,
        Step = new GanStep(),
        Optimizer = Optimizers.Adam(2e-4, beta1: 0.5),
        Callbacks = { samples, new TerminateOnNaN(), new ModelCheckpoint(run.PathOf("last.ckpt")) },
        Verbose = arguments.Quiet ? Verbosity.EpochLines : Verbosity.Auto,
    });
    History history = trainer.Fit(gan, images, resumeFrom: arguments.Resume);
    ExampleCommand.ExportOnnx(gan.Generator, arguments);

    // Report: the same ten noise vectors epoch by epoch, 64 digits of the final generator, the loss curves, and how
    // sure the discriminator is about held-out real test images and fresh fakes.
    if (samples.Epochs.Count > 0)
    {
        var (grid, epochs) = samples.Grid(maxRows: 10);
        run.Writer.AddFigure("samples_per_epoch", ImageGridDisplay.From(grid, columns: samples.Count).Plot(),
            $"Generated digits for ten fixed noise vectors, one row per epoch (top to bottom: epochs {string.Join(", ", epochs)})");
    }
    else
    {
        run.Writer.AddSection("Generated digits per epoch", $"None: training stopped before its first epoch ended ({history.StopReason}" +
            (history.StopMessage is null ? ")." : $": {history.StopMessage})."));
    }
    var final = new GeneratedSamples(latent, count: 64, seed: arguments.Seed + 1).Generate(gan);
    run.Writer.AddFigure("samples", ImageGridDisplay.From(final, columns: 8).Plot(), $"64 digits of the generator after epoch {history.Epochs.Count}");
    double dReal, dFake;
    using (no_grad())
    {
        gan.eval();
        var fakes = gan.forward(randn(mnist.TestImages.shape[0], latent, generator: new Generator((ulong)arguments.Seed + 2)));
        dReal = gan.Discriminator.forward(mnist.TestImages).sigmoid().mean().item<float>();
        dFake = gan.Discriminator.forward(fakes).sigmoid().mean().item<float>();
    }
    (run.Writer.Metrics["d_real_test"], run.Writer.Metrics["d_fake_test"], run.Writer.Metrics["model"]) = (dReal, dFake, arguments.Model);
    run.Writer.Metrics["discriminator_parameters"] = gan.Discriminator.TrainableParameterCount;   // "parameters" counts the generator
    run.Writer.AddSection("Discriminator", string.Create(CultureInfo.InvariantCulture,
        $"Mean D(x) on {mnist.TestImages.shape[0]:N0} held-out real test images: {dReal:F3}; on as many generated images: {dFake:F3} (0.5 on both: the discriminator cannot tell them apart).") +
        "\n\n```\n" + gan.Discriminator.Summary().TrimEnd() + "\n```");
    gan.save(run.PathOf("gan.weights"));   // both networks' final weights (TorchSharp format)
    string report = run.Write(new RunResult { Model = gan.Generator, History = history, Data = mnist.Description });
    return ExampleCommand.PrintResult(run, history, report);
}

// The lecture's dense GAN, or a small DCGAN (upsampling and convolutions; strided convolutions in the discriminator).
static Sequential Generator(bool dcgan, int latent) => dcgan
    ? new Sequential("dcgan_generator", InitPreset.Keras)
    {
        new Input(latent), new Dense(64 * 7 * 7, Activation.Relu), new Reshape(64, 7, 7),
        Upsample(), new Conv2D(64, kernel: 3, padding: PaddingMode.Same), new BatchNormalization(), Activation.Relu,   // 14x14
        Upsample(), new Conv2D(32, kernel: 3, padding: PaddingMode.Same), new BatchNormalization(), Activation.Relu,   // 28x28
        new Conv2D(1, kernel: 3, padding: PaddingMode.Same, activation: Activation.Sigmoid),
    }
    : new Sequential("dense_generator", InitPreset.Keras)
    {
        new Input(latent),
        new Dense(256), new BatchNormalization(), Activation.LeakyRelu(0.2),   // batch norm keeps the noise's variety alive
        new Dense(512), new BatchNormalization(), Activation.LeakyRelu(0.2),
        new Dense(784, Activation.Sigmoid), new Reshape(1, 28, 28),
    };

static Sequential Discriminator(bool dcgan) => dcgan
    ? new Sequential("dcgan_discriminator", InitPreset.Keras)
    {
        new Input(1, 28, 28),
        new Conv2D(32, kernel: 4, strides: 2, padding: PaddingMode.Same, activation: Activation.LeakyRelu(0.2)), new Dropout(0.3),   // 14x14
        new Conv2D(64, kernel: 4, strides: 2, padding: PaddingMode.Same, activation: Activation.LeakyRelu(0.2)), new Dropout(0.3),   // 7x7
        new Flatten(), new Dense(1),   // a logit: the loss applies the sigmoid
    }
    : new Sequential("dense_discriminator", InitPreset.Keras)
    {
        new Input(1, 28, 28), new Flatten(),
        new Dense(512, Activation.LeakyRelu(0.2)), new Dropout(0.3),
        new Dense(256, Activation.LeakyRelu(0.2)), new Dropout(0.3),
        new Dense(1),
    };

// Nearest-neighbour upsampling by 2 (Keras UpSampling2D).
static Lambda Upsample() => new("upsample2x",
    x => nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest),
    s => new Shape(s[0], s[1] * 2, s[2] * 2));
