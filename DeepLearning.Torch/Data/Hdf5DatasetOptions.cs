namespace DeepLearning.Torch.Data;

/// <summary>
/// How <see cref="Hdf5Dataset"/> reads an HDF5 file: which datasets hold features and labels, how many rows it reads at once,
/// how it shuffles and how far ahead it reads.
/// </summary>
public sealed record Hdf5DatasetOptions
{
    /// <summary>Path of the feature dataset [N, ...] inside the file. <value>Default <c>x</c>.</value></summary>
    public string Features { get; init; } = "x";

    /// <summary>Path of the label dataset [N, ...] inside the file, or <c>null</c> for none. <value>Default <c>y</c>.</value></summary>
    public string? Labels { get; init; } = "y";

    /// <summary>Rows read from the file in one piece (one HDF5 hyperslab). <value>Default 4096.</value></summary>
    public int ChunkRows { get; init; } = 4096;

    /// <summary>
    /// Chunks that make one shuffle buffer: each buffer gathers this many chunks (in shuffled chunk order) and permutes their
    /// rows; see docs/STREAMING.md for what this does and does not randomize. <value>Default 8.</value>
    /// </summary>
    public int ShuffleBufferChunks { get; init; } = 8;

    /// <summary>Shuffle chunk order and rows within each buffer; <c>false</c> streams rows in file order. <value>Default <c>true</c>.</value></summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the shuffle: the same seed, epoch and file give the same row order. <value>Default 0.</value></summary>
    public int Seed { get; init; }

    /// <summary>Buffers read ahead on a background thread while the current one trains (at least 1). <value>Default 2.</value></summary>
    public int Prefetch { get; init; } = 2;

    /// <summary>Type of the feature tensors. <value>Default float32.</value></summary>
    public TorchSharp.torch.ScalarType FeatureType { get; init; } = TorchSharp.torch.ScalarType.Float32;

    /// <summary>Type of the label tensors, or <c>null</c> for the stored type. <value>Default <c>null</c>.</value></summary>
    public TorchSharp.torch.ScalarType? LabelType { get; init; }

    /// <summary>
    /// Hand out labels [N] as a column [N, 1] (the shape of a model with one logit, for a binary cross-entropy).
    /// <value>Default <c>false</c>.</value>
    /// </summary>
    public bool LabelsAsColumn { get; init; }

    /// <summary>
    /// First row of the file that belongs to this dataset: with <see cref="RowCount"/> a row range, e.g. to split one file into
    /// training rows [0, n) and validation rows [n, N) (see docs/STREAMING.md). <value>Default 0.</value>
    /// </summary>
    public long FirstRow { get; init; }

    /// <summary>Rows from <see cref="FirstRow"/> on that belong to this dataset, or <c>null</c> for all to the end of the file. <value>Default <c>null</c>.</value></summary>
    public long? RowCount { get; init; }
}
