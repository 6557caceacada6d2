using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Examples.Gan;

/// <summary>
/// Keeps, after every epoch, the generator's images for one fixed set of noise vectors, so that the report can show how
/// the same inputs turn into digits epoch by epoch. The noise has its own seed (libtorch's generator, which the training
/// draws from, is not touched) and the images are saved in checkpoints, so a resumed run's report shows every epoch.
/// </summary>
public sealed class GeneratedSamples : Callback
{
    private readonly float[] _noise;
    private readonly List<(int Epoch, float[] Pixels)> _epochs = [];

    /// <summary>Fixes <paramref name="count"/> noise vectors of length <paramref name="latentSize"/>.</summary>
    /// <param name="latentSize">The generator's input length.</param>
    /// <param name="count">Images per epoch. <value>Default 10.</value></param>
    /// <param name="seed">Seed of the noise. <value>Default 0.</value></param>
    public GeneratedSamples(int latentSize, int count = 10, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        (LatentSize, Count) = (latentSize, count);
        using var generator = new Generator((ulong)seed);
        using var noise = randn(count, latentSize, generator: generator);
        _noise = noise.data<float>().ToArray();
    }

    /// <summary>The generator's input length.</summary>
    public int LatentSize { get; }

    /// <summary>Images per epoch.</summary>
    public int Count { get; }

    /// <summary>The epochs recorded so far, in order.</summary>
    public IReadOnlyList<int> Epochs => _epochs.Select(e => e.Epoch).ToArray();

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context) => _epochs.Clear();

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var scope = NewDisposeScope();
        var images = Generate(context.Model);
        _epochs.Add((context.Epoch, images.data<float>().ToArray()));
    }

    /// <summary>The fixed noise's images of the given model now, on the CPU.</summary>
    /// <param name="model">The GAN (its forward is the generator).</param>
    /// <returns>(Count, 1, 28, 28) images in the caller's dispose scope.</returns>
    public Tensor Generate(nn.Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var device = model.parameters().First().device;
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var images = model.forward(tensor(_noise, [Count, LatentSize], device: device));
            return images.cpu().clone().MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>
    /// The recorded images, one row of <see cref="Count"/> per epoch: every epoch when there are at most
    /// <paramref name="maxRows"/>, else that many spread evenly from the first to the last.
    /// </summary>
    /// <param name="maxRows">Most rows.</param>
    /// <returns>(rows x Count, 1, 28, 28) images on the CPU and the epoch of each row; the caller disposes the tensor.</returns>
    /// <exception cref="InvalidOperationException">No epoch was recorded.</exception>
    public (Tensor Images, IReadOnlyList<int> Epochs) Grid(int maxRows = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 2);
        if (_epochs.Count == 0) throw new InvalidOperationException("GeneratedSamples recorded no epoch: add it to TrainerOptions.Callbacks before Fit.");
        var rows = _epochs.Count <= maxRows ? Enumerable.Range(0, _epochs.Count).ToArray()
            : Enumerable.Range(0, maxRows).Select(r => (int)Math.Round(r * (_epochs.Count - 1) / (double)(maxRows - 1))).Distinct().ToArray();
        var pixels = rows.SelectMany(r => _epochs[r].Pixels).ToArray();
        int side = (int)Math.Round(Math.Sqrt(_epochs[0].Pixels.Length / Count));
        return (tensor(pixels, [rows.Length * Count, 1, side, side]), rows.Select(r => _epochs[r].Epoch).ToArray());
    }

    /// <inheritdoc/>
    public override void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_epochs.Count);
        foreach (var (epoch, pixels) in _epochs)
        {
            writer.Write(epoch);
            writer.Write(pixels.Length);
            foreach (float p in pixels) writer.Write(p);
        }
    }

    /// <inheritdoc/>
    public override void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _epochs.Clear();
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            int epoch = reader.ReadInt32();
            var pixels = new float[reader.ReadInt32()];
            for (int k = 0; k < pixels.Length; k++) pixels[k] = reader.ReadSingle();
            _epochs.Add((epoch, pixels));
        }
    }
}
