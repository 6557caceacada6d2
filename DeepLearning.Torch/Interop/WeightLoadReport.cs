namespace DeepLearning.Torch.Interop;

/// <summary>What <see cref="PyTorchWeights.Load"/> did: which tensors were copied, and which names did not pair up.</summary>
public sealed class WeightLoadReport
{
    internal WeightLoadReport(IReadOnlyDictionary<string, string> loaded, IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected, IReadOnlyList<string> skipped, IReadOnlyList<string> ignored)
    {
        Loaded = loaded;
        Missing = missing;
        Unexpected = unexpected;
        Skipped = skipped;
        Ignored = ignored;
    }

    /// <summary>Our tensor name to the file's name it was copied from, for every tensor loaded.</summary>
    public IReadOnlyDictionary<string, string> Loaded { get; }

    /// <summary>Our tensors the file does not have (left as they were; only with <c>Strict = false</c>).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>The file's tensors no tensor of ours maps to (not used; only with <c>Strict = false</c>).</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Our tensors the name map left out (mapped to <c>null</c>).</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>The file's BatchNorm <c>num_batches_tracked</c> counters, which our BatchNormalization has no buffer for
    /// (PyTorch uses them only with <c>momentum=None</c>).</summary>
    public IReadOnlyList<string> Ignored { get; }
}
