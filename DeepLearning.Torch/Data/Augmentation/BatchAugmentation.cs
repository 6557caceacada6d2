using TorchSharp;

namespace DeepLearning.Torch.Data.Augmentation;

/// <summary>
/// Base of the seeded batch augmentations: owns a CPU <see cref="torch.Generator"/> seeded at construction,
/// draws the per-sample random choices on the CPU (so results do not depend on the device) and applies them
/// to the batch on its own device, vectorised over the batch. Dispose to release the generator.
/// </summary>
public abstract class BatchAugmentation : IBatchAugmentation, IDisposable
{
    /// <summary>Creates the augmentation with its random generator.</summary>
    /// <param name="seed">Seed of the generator: the same seed and batches give the same augmentations.</param>
    protected BatchAugmentation(long seed)
    {
        Seed = seed;
        Generator = new torch.Generator(unchecked((ulong)seed), torch.CPU);
    }

    /// <summary>The seed given at construction.</summary>
    public long Seed { get; }

    /// <inheritdoc />
    public bool IsTraining { get; set; } = true;

    /// <summary>The CPU generator the random choices are drawn from.</summary>
    protected torch.Generator Generator { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="batch"/> is not 4-dimensional (N, C, H, W).</exception>
    public torch.Tensor Apply(torch.Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.dim() != 4)
            throw new ArgumentException($"Expected a batch of shape (N, C, H, W), got [{string.Join(", ", batch.shape)}].", nameof(batch));
        if (!IsTraining || batch.shape[0] == 0) return batch.alias();
        using var scope = torch.NewDisposeScope();
        return Augment(batch).MoveToOuterDisposeScope();
    }

    /// <summary>Augments a non-empty (N, C, H, W) batch in training mode; runs inside a dispose scope.</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>The augmented batch.</returns>
    protected abstract torch.Tensor Augment(torch.Tensor batch);

    /// <summary>Writes the generator state (a byte tensor) for checkpoints.</summary>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var state = Generator.get_state();
        byte[] bytes = state.data<byte>().ToArray();
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>Restores the generator state written by <see cref="SaveState"/>.</summary>
    /// <exception cref="InvalidDataException">The stored state is malformed.</exception>
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int length = reader.ReadInt32();
        if (length <= 0 || length > 1 << 20) throw new InvalidDataException($"Augmentation generator state of {length} bytes is not plausible.");
        byte[] bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new InvalidDataException("Augmentation generator state is truncated.");
        using var state = torch.tensor(bytes, dtype: torch.ScalarType.Byte);
        Generator.set_state(state);
    }

    /// <summary>A boolean mask (N) on <paramref name="device"/>, true with probability <paramref name="probability"/>.</summary>
    /// <param name="n">Number of samples.</param>
    /// <param name="probability">Probability of true.</param>
    /// <param name="device">Device of the result.</param>
    /// <returns>The mask.</returns>
    protected torch.Tensor Bernoulli(long n, double probability, torch.Device device) =>
        torch.rand([n], generator: Generator).lt(probability).to(device);

    /// <summary>Releases the generator.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the generator.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Generator.Dispose();
    }

    /// <summary>Validates a probability argument.</summary>
    /// <param name="probability">The value.</param>
    /// <param name="name">The parameter name.</param>
    /// <returns>The value.</returns>
    protected static double CheckProbability(double probability, string name) =>
        probability is >= 0 and <= 1 ? probability : throw new ArgumentOutOfRangeException(name, probability, "A probability must be in [0, 1].");
}
