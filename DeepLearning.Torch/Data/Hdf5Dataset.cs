using System.Collections.Concurrent;
using DeepLearning.Torch.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Training data streamed from an HDF5 file that need not fit in memory: rows are read in chunks of
/// <see cref="Hdf5DatasetOptions.ChunkRows"/> on demand, shuffled by a seeded chunk order plus a shuffle buffer of
/// <see cref="Hdf5DatasetOptions.ShuffleBufferChunks"/> chunks, and the next buffers are read on a background thread while
/// the current one trains. The order of an epoch depends only on the file, the options and the epoch number, so a run can
/// resume in the middle of an epoch (<see cref="IStateful"/>: the position of the last batch handed out).
/// </summary>
/// <remarks>
/// At most <see cref="MaxResidentRows"/> rows are in memory at once (<see cref="PeakResidentRows"/> reports what was).
/// The background thread uses its own <see cref="Hdf5Reader"/> and creates its tensors outside any dispose scope; it
/// hands them over through a bounded queue and the enumerating thread disposes them. The batches themselves are created
/// on the enumerating thread, in its current dispose scope (open one per batch). One enumeration at a time.
/// </remarks>
public sealed class Hdf5Dataset : IBatchSource, IStateful, IDisposable
{
    private readonly RowReader _readRows;
    private readonly LabelReader? _readLabels;
    private readonly long[]? _rows;
    private long _resident;
    private long _peak;
    private int _active;

    /// <summary>Reads rows [start, start + count) of the file: features and labels (null without labels), owned by the caller.</summary>
    private delegate (Tensor Features, Tensor? Labels) RowReader(Hdf5Reader reader, long start, long count);

    /// <summary>Reads the labels of rows [start, start + count) only, owned by the caller (layouts where that is cheaper than <see cref="RowReader"/>).</summary>
    private delegate Tensor LabelReader(Hdf5Reader reader, long start, long count);

    /// <summary>Opens <paramref name="path"/> and checks its datasets (nothing but the headers is read).</summary>
    /// <param name="path">The HDF5 file.</param>
    /// <param name="options">Dataset paths, chunking, shuffle and prefetch; default <see cref="Hdf5DatasetOptions"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A dataset is missing, empty, or the labels have another number of rows than the features.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Chunk rows, buffer chunks or prefetch are below 1, or the row range is outside the file.</exception>
    public Hdf5Dataset(string path, Hdf5DatasetOptions? options = null)
        : this(path, options ?? new Hdf5DatasetOptions(), Plain)
    {
    }

    private Hdf5Dataset(string path, Hdf5DatasetOptions options, Func<Hdf5Reader, Hdf5DatasetOptions, (long[] Shape, bool Labelled, RowReader Read, LabelReader? ReadLabels)> open)
    {
        Options = options;
        if (Options.ChunkRows < 1) throw new ArgumentOutOfRangeException(nameof(options), Options.ChunkRows, "Hdf5DatasetOptions.ChunkRows must be at least 1.");
        if (Options.ShuffleBufferChunks < 1) throw new ArgumentOutOfRangeException(nameof(options), Options.ShuffleBufferChunks, "Hdf5DatasetOptions.ShuffleBufferChunks must be at least 1.");
        if (Options.Prefetch < 1) throw new ArgumentOutOfRangeException(nameof(options), Options.Prefetch, "Hdf5DatasetOptions.Prefetch must be at least 1.");
        FilePath = path;
        using var reader = new Hdf5Reader(path);
        var (shape, labelled, read, readLabels) = open(reader, Options);
        long fileRows = shape[0];
        if (Options.FirstRow < 0 || Options.FirstRow >= fileRows)
            throw new ArgumentOutOfRangeException(nameof(options), Options.FirstRow, $"Hdf5DatasetOptions.FirstRow must be in [0, {fileRows}): '{path}' holds {fileRows} rows.");
        long available = fileRows - Options.FirstRow;
        if (Options.RowCount is { } wanted && (wanted < 1 || wanted > available))
            throw new ArgumentOutOfRangeException(nameof(options), wanted,
                $"Hdf5DatasetOptions.RowCount must be in [1, {available}]: '{path}' holds {fileRows} rows and the range starts at row {Options.FirstRow}.");
        Count = Options.RowCount ?? available;
        FeatureShape = [Count, .. shape.Skip(1)];
        LabelCount = labelled ? 1 : 0;
        _readRows = read;
        _readLabels = readLabels;
        ChunkCount = checked((int)((Count + Options.ChunkRows - 1) / Options.ChunkRows));
    }

    /// <summary>A subset of <paramref name="parent"/>'s rows (positions in the parent, ascending), in <paramref name="options"/>' order.</summary>
    private Hdf5Dataset(Hdf5Dataset parent, long[] rows, Hdf5DatasetOptions options)
    {
        Options = options;
        FilePath = parent.FilePath;
        _readRows = parent._readRows;
        _readLabels = parent._readLabels;
        _rows = parent._rows is { } outer ? rows.Select(r => outer[r]).ToArray() : rows;
        Count = rows.Length;
        FeatureShape = [Count, .. parent.FeatureShape.Skip(1)];
        LabelCount = parent.LabelCount;
        ChunkCount = checked((int)((Count + Options.ChunkRows - 1) / Options.ChunkRows));
    }

    /// <summary>
    /// Streams a file in the layout of the Top Quark Tagging Reference Dataset (see <see cref="TopTaggingReader"/>): features
    /// are the constituents (N, M, 4) as <see cref="Hdf5DatasetOptions.FeatureType"/> (float32 or float64), labels the column
    /// <c>is_signal_new</c> (int64, or <see cref="Hdf5DatasetOptions.LabelType"/>). <see cref="Hdf5DatasetOptions.Features"/> and
    /// <see cref="Hdf5DatasetOptions.Labels"/> are not used.
    /// </summary>
    /// <param name="path">The .h5 file (e.g. the reference train.h5).</param>
    /// <param name="options">Chunking, shuffle, prefetch, types and row range; default <see cref="Hdf5DatasetOptions"/>.</param>
    /// <param name="key">The pandas key (HDF5 group), default <see cref="TopTaggingReader.DefaultKey"/>.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not in the layout (the message names the group or column).</exception>
    /// <exception cref="ArgumentException">The feature type is not float32 or float64.</exception>
    public static Hdf5Dataset TopTagging(string path, Hdf5DatasetOptions? options = null, string key = TopTaggingReader.DefaultKey)
    {
        var o = options ?? new Hdf5DatasetOptions();
        if (o.FeatureType is not (ScalarType.Float32 or ScalarType.Float64))
            throw new ArgumentException($"Hdf5DatasetOptions.FeatureType must be float32 or float64 for top-tagging constituents, not {o.FeatureType}.", nameof(options));
        return new Hdf5Dataset(path, o, (reader, opts) =>
        {
            long n = TopTaggingReader.CountJets(path, key);
            int m = TopTaggingReader.CountConstituents(path, key);
            if (m == 0) throw new DataFormatException(path, $"{key}/block*_items", "no column E_0; expected constituent columns E_j, PX_j, PY_j, PZ_j.");
            RowReader read = (r, start, count) =>
            {
                var jets = TopTaggingReader.Read(r, opts.FeatureType, start, count, key);
                return (jets.Constituents, jets.Labels);
            };
            return ([n, m, 4], true, read, null);
        });
    }

    /// <summary>
    /// Streams one file in the layout of the HLS4ML LHC jet dataset (see <see cref="Hls4mlJetReader"/>): features are the
    /// array <paramref name="input"/> selects (float32), labels the class index (int64, or <see cref="Hdf5DatasetOptions.LabelType"/>)
    /// from the one-hot columns j_g..j_t, checked chunk by chunk. <see cref="Hdf5DatasetOptions.Features"/>,
    /// <see cref="Hdf5DatasetOptions.Labels"/> and <see cref="Hdf5DatasetOptions.FeatureType"/> are not used.
    /// </summary>
    /// <param name="path">A <c>jetImage_*.h5</c> file.</param>
    /// <param name="input">Which array is the features.</param>
    /// <param name="options">Chunking, shuffle, prefetch, label type and row range; default <see cref="Hdf5DatasetOptions"/>.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not in the layout (the message names the dataset); a bad one-hot row is reported when its chunk is read.</exception>
    public static Hdf5Dataset Hls4ml(string path, Hls4mlInput input, Hdf5DatasetOptions? options = null)
    {
        return new Hdf5Dataset(path, options ?? new Hdf5DatasetOptions(), (reader, opts) =>
        {
            // The first row checks the layout (names, label columns, shapes) now rather than on the reading thread.
            using var scope = NewDisposeScope();
            using var first = Hls4mlJetReader.ReadRows(reader, 0, 1, input == Hls4mlInput.Images, input == Hls4mlInput.Constituents);
            var sample = Pick(first, input);
            long n = reader.Shape("jets")[0];
            RowReader read = (r, start, count) =>
            {
                var jets = Hls4mlJetReader.ReadRows(r, start, count, input == Hls4mlInput.Images, input == Hls4mlInput.Constituents);
                var features = Pick(jets, input);
                foreach (var other in new[] { jets.Images, jets.Constituents, jets.Features })
                {
                    if (other is not null && !ReferenceEquals(other, features)) other.Dispose();
                }
                return (features, jets.Labels);
            };
            return ([n, .. sample.shape.Skip(1)], true, read, null);
        });

        static Tensor Pick(Hls4mlJets jets, Hls4mlInput which) => which switch
        {
            Hls4mlInput.Images => jets.Images!,
            Hls4mlInput.Constituents => jets.Constituents!,
            _ => jets.Features,
        };
    }

    private static (long[] Shape, bool Labelled, RowReader Read, LabelReader? ReadLabels) Plain(Hdf5Reader reader, Hdf5DatasetOptions options)
    {
        string path = reader.FilePath;
        long[] shape = reader.Shape(options.Features);
        if (shape.Length == 0 || shape[0] == 0)
            throw new DataFormatException(path, options.Features, "has no rows; streaming needs a dataset [N, ...] with N > 0.");
        ScalarType? labelType = null;
        if (options.Labels is { } labels)
        {
            long[] labelShape = reader.Shape(labels);
            if (labelShape.Length == 0 || labelShape[0] != shape[0])
                throw new DataFormatException(path, labels, $"has shape [{string.Join(", ", labelShape)}] but the features '{options.Features}' have {shape[0]} rows; the labels need one row per sample.");
            labelType = options.LabelType ?? reader.StoredType(labels);
        }
        RowReader read = (r, start, count) =>
        {
            var x = r.Read(options.Features, options.FeatureType, start, count);
            var y = options.Labels is { } l ? r.Read(l, labelType, start, count) : null;
            return (x, y);
        };
        LabelReader? readLabels = options.Labels is { } only ? (r, start, count) => r.Read(only, labelType, start, count) : null;
        return (shape, options.Labels is not null, read, readLabels);
    }

    /// <summary>The options.</summary>
    public Hdf5DatasetOptions Options { get; }

    /// <summary>Path of the file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// Number of rows (samples): the rows of the file, of the range <see cref="Hdf5DatasetOptions.FirstRow"/>,
    /// <see cref="Hdf5DatasetOptions.RowCount"/>, or of the subset (<see cref="Subset"/>).
    /// </summary>
    public long Count { get; }

    /// <summary>Shape of the features [N, ...] (N = <see cref="Count"/>, the rows of the range).</summary>
    public IReadOnlyList<long> FeatureShape { get; }

    /// <summary>
    /// The rows of a subset (<see cref="Subset"/>) as positions in the range of <see cref="Hdf5DatasetOptions.FirstRow"/> (file row
    /// = <c>FirstRow</c> + position), ascending; <c>null</c> for a dataset over a whole range.
    /// </summary>
    public IReadOnlyList<long>? SubsetRows => _rows;

    /// <summary>
    /// The rows <paramref name="rows"/> of this dataset as a stream of their own, with the same file, layout and options (or
    /// another <paramref name="shuffle"/>): epoch order, chunks and the shuffle buffer apply to the subset's rows as to a file
    /// of those rows, and with <c>Shuffle = false</c> they come in ascending order. Nothing is read now; a chunk of the subset
    /// is read as the file rows it spans, <see cref="Hdf5DatasetOptions.ChunkRows"/> file rows at a time, keeping the wanted
    /// ones. Used by <see cref="Training.Trainer.Fit(TorchSharp.torch.nn.Module{Tensor, Tensor}, IBatchSource, IBatchSource?, string?, CancellationToken)"/>
    /// for <see cref="Training.TrainerOptions.ValidationSplit"/> on a stream (indices from <see cref="DatasetSplit.Indices(long, Tensor?, double, double, long, bool, Microsoft.Extensions.Logging.ILogger?)"/>
    /// over <see cref="ReadLabels"/>).
    /// </summary>
    /// <param name="rows">Positions in this dataset (0 .. <see cref="Count"/> - 1), strictly ascending, at least one.</param>
    /// <param name="shuffle">The subset's <see cref="Hdf5DatasetOptions.Shuffle"/>; default this dataset's.</param>
    /// <returns>The subset; it shares nothing that needs disposing with this dataset.</returns>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is empty, not strictly ascending, or outside [0, <see cref="Count"/>).</exception>
    public Hdf5Dataset Subset(IReadOnlyList<long> rows, bool? shuffle = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("A subset needs at least one row.", nameof(rows));
        var copy = rows.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if (copy[i] < 0 || copy[i] >= Count)
                throw new ArgumentException($"Row {copy[i]} (at {i}) is outside [0, {Count}): the dataset '{FilePath}' has {Count} rows.", nameof(rows));
            if (i > 0 && copy[i] <= copy[i - 1])
                throw new ArgumentException($"Subset rows must be strictly ascending; row {copy[i]} at {i} follows {copy[i - 1]}.", nameof(rows));
        }
        return new Hdf5Dataset(this, copy, shuffle is { } s ? Options with { Shuffle = s } : Options);
    }

    /// <summary>
    /// Every label of this dataset's rows, in row order, as the batches carry them (<see cref="Hdf5DatasetOptions.LabelType"/>,
    /// <see cref="Hdf5DatasetOptions.LabelsAsColumn"/>): what a stratified split needs, without holding the features. A plain
    /// x/y file reads only its label dataset, <see cref="Hdf5DatasetOptions.ChunkRows"/> rows at a time; the top-tagging and
    /// HLS4ML layouts read their rows chunk by chunk and drop the features (bounded memory, but one pass over the file).
    /// </summary>
    /// <returns>A new tensor [<see cref="Count"/>, ...] that the caller owns.</returns>
    /// <exception cref="InvalidOperationException">The dataset has no labels (<see cref="Hdf5DatasetOptions.Labels"/> = <c>null</c>).</exception>
    public Tensor ReadLabels()
    {
        if (LabelCount == 0) throw new InvalidOperationException($"The dataset '{FilePath}' has no labels (Hdf5DatasetOptions.Labels = null).");
        using var scope = NewDisposeScope();
        using var reader = new Hdf5Reader(FilePath);
        var parts = new List<Tensor>();
        for (long at = 0; at < Count; at += Options.ChunkRows)
            parts.Add(ReadPositions(reader, at, Math.Min(Options.ChunkRows, Count - at), labelsOnly: true).Labels!);
        return (parts.Count == 1 ? parts[0] : cat(parts, 0)).MoveToOuterDisposeScope();
    }

    /// <summary>One input tensor per batch.</summary>
    public int InputCount => 1;

    /// <summary>1 with labels, 0 without (<see cref="Hdf5DatasetOptions.Labels"/> = <c>null</c>).</summary>
    public int LabelCount { get; }

    /// <summary>Whether batches come in the seeded chunk-and-buffer order (<see cref="Hdf5DatasetOptions.Shuffle"/>).</summary>
    public bool Shuffles => Options.Shuffle;

    /// <summary>Number of chunks of <see cref="Hdf5DatasetOptions.ChunkRows"/> rows (the last may be shorter).</summary>
    public int ChunkCount { get; }

    /// <summary>Rows of one shuffle buffer: chunk rows times buffer chunks.</summary>
    public long BufferRows => (long)Options.ChunkRows * Options.ShuffleBufferChunks;

    /// <summary>
    /// Upper bound of rows held at once: the queued buffers (<see cref="Hdf5DatasetOptions.Prefetch"/>), the one being read
    /// (plus one chunk in flight) and the one being batched (batches are copies, so a buffer is freed once batched); for a
    /// <see cref="Subset"/> also the block of file rows a chunk is picked from (at most one more chunk). Label rows travel with
    /// their feature rows and are not counted separately.
    /// </summary>
    public long MaxResidentRows => (Options.Prefetch + 2) * BufferRows + Options.ChunkRows * (_rows is null ? 1 : 2);

    /// <summary>Most rows that were in memory at once since this dataset was opened.</summary>
    public long PeakResidentRows => Interlocked.Read(ref _peak);

    /// <summary>Epoch of the last batch handed out (0 before the first).</summary>
    public int Epoch { get; private set; }

    /// <summary>Index of the batch after the last one handed out in <see cref="Epoch"/>: where a resumed run continues.</summary>
    public int NextBatch { get; private set; }

    /// <summary>Number of batches of <paramref name="batchSize"/> rows per epoch (the last may be smaller).</summary>
    /// <param name="batchSize">Rows per batch, at least 1.</param>
    /// <returns>The batch count.</returns>
    public int BatchCount(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return checked((int)((Count + batchSize - 1) / batchSize));
    }

    /// <summary>
    /// The batches of <paramref name="epoch"/> from batch <paramref name="startBatch"/> on, in the epoch's seeded order.
    /// Each batch is created in the caller's current dispose scope; stopping the enumeration early stops the reading.
    /// </summary>
    /// <param name="epoch">Epoch number (1-based, as the trainer counts); it selects the shuffle.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="device">Device of the batches; default the CPU.</param>
    /// <param name="startBatch">First batch to hand out (to resume in the middle of an epoch).</param>
    /// <returns>The batches, created lazily.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    /// <exception cref="InvalidOperationException">Another enumeration of this dataset is running.</exception>
    public IEnumerable<Batch> Batches(int epoch, int batchSize, Device? device = null, int startBatch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        int batches = BatchCount(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(startBatch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startBatch, batches);
        return Enumerate(epoch, batchSize, device ?? CPU, startBatch, batches);
    }

    private IEnumerable<Batch> Enumerate(int epoch, int batchSize, Device device, int startBatch, int batches)
    {
        if (Interlocked.Exchange(ref _active, 1) == 1)
            throw new InvalidOperationException($"Hdf5Dataset '{FilePath}' is already being enumerated; finish or dispose that enumeration first.");
        var plan = Plan(epoch);
        long position = (long)startBatch * batchSize;
        int window = Array.FindLastIndex(plan.Starts, s => s <= position);
        if (window < 0) window = 0;
        using var cancel = new CancellationTokenSource();
        using var queue = new BlockingCollection<Buffer>(Options.Prefetch);
        var producer = Task.Factory.StartNew(() => Produce(plan, window, queue, cancel.Token), cancel.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Buffer? current = null;
        try
        {
            long offset = 0;
            if (startBatch < batches)
            {
                current = Take(queue);
                offset = position - plan.Starts[window];
            }
            for (int b = startBatch; b < batches; b++)
            {
                long want = Math.Min(batchSize, Count - (long)b * batchSize);
                var xs = new List<Tensor>();
                var ys = new List<Tensor>();
                while (want > 0)
                {
                    if (current is null || offset >= current.Rows)
                    {
                        current?.Dispose();
                        current = null;
                        current = Take(queue);
                        offset = 0;
                    }
                    long n = Math.Min(want, current.Rows - offset);
                    xs.Add(current.Slice(current.Features, offset, n));
                    if (current.Labels is not null) ys.Add(current.Slice(current.Labels, offset, n));
                    offset += n;
                    want -= n;
                }
                var x = Join(xs, device);
                var y = ys.Count == 0 ? null : Join(ys, device);
                Epoch = epoch;
                NextBatch = b + 1;
                yield return new Batch(b, x, y, null);
            }
        }
        finally
        {
            cancel.Cancel();
            try { producer.Wait(); } catch (AggregateException) { }
            current?.Dispose();
            while (queue.TryTake(out var left)) left.Dispose();
            Interlocked.Exchange(ref _active, 0);
        }
    }

    private static Buffer Take(BlockingCollection<Buffer> queue)
    {
        var buffer = queue.Take();
        if (buffer.Error is { } error) throw new IOException($"Reading the HDF5 file failed: {error.Message}", error);
        return buffer;
    }

    private static Tensor Join(List<Tensor> parts, Device device)
    {
        Tensor joined;
        if (parts.Count == 1) joined = parts[0];
        else
        {
            joined = cat(parts, 0);
            foreach (var p in parts) p.Dispose();
        }
        if (joined.device_type == device.type) return joined;
        using (joined) return joined.to(device);
    }

    /// <summary>The epoch's chunk order, cut into buffers, and the stream position where each buffer starts.</summary>
    private EpochPlan Plan(int epoch)
    {
        int[] chunks = Enumerable.Range(0, ChunkCount).ToArray();
        if (Options.Shuffle) new Random(Mix(Options.Seed, epoch, -1)).Shuffle(chunks);
        int k = Options.ShuffleBufferChunks;
        var groups = chunks.Chunk(k).ToArray();
        var starts = new long[groups.Length];
        long at = 0;
        for (int i = 0; i < groups.Length; i++)
        {
            starts[i] = at;
            at += groups[i].Sum(ChunkLength);
        }
        return new EpochPlan(epoch, groups, starts);
    }

    private long ChunkLength(int chunk) => Math.Min(Options.ChunkRows, Count - (long)chunk * Options.ChunkRows);

    /// <summary>A seed for one epoch's chunk order (buffer -1) or one buffer's row permutation, from the user's seed.</summary>
    private static int Mix(int seed, int epoch, int buffer)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (long v in new long[] { seed, epoch, buffer })
        {
            h ^= (ulong)v + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
            h *= 0xBF58476D1CE4E5B9UL;
            h ^= h >> 31;
        }
        return (int)(h & 0x7FFFFFFF);
    }

    private void Produce(EpochPlan plan, int firstWindow, BlockingCollection<Buffer> queue, CancellationToken token)
    {
        try
        {
            using var reader = new Hdf5Reader(FilePath);
            for (int w = firstWindow; w < plan.Groups.Length && !token.IsCancellationRequested; w++)
            {
                var buffer = Read(reader, plan, w);
                try
                {
                    queue.Add(buffer, token);
                }
                catch (OperationCanceledException)
                {
                    buffer.Dispose();
                    return;
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            try { queue.Add(new Buffer(this, null!, null, 0, null, e), token); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>Reads buffer <paramref name="w"/>: its chunks copied into one tensor, and its row permutation when shuffling.</summary>
    private Buffer Read(Hdf5Reader reader, EpochPlan plan, int w)
    {
        int[] group = plan.Groups[w];
        long rows = group.Sum(ChunkLength);
        Track(rows);
        Tensor? features = null, labels = null;
        try
        {
            long at = 0;
            foreach (int chunk in group)
            {
                long n = ChunkLength(chunk);
                Track(n);
                var (x, y) = ReadPositions(reader, (long)chunk * Options.ChunkRows, n, labelsOnly: false);
                using (x)
                using (y)
                {
                    features ??= empty([rows, .. x!.shape.Skip(1)], dtype: x.dtype);
                    using (var target = features.narrow(0, at, n)) target.copy_(x!);
                    if (y is not null)
                    {
                        labels ??= empty([rows, .. y.shape.Skip(1)], dtype: y.dtype);
                        using var target = labels.narrow(0, at, n);
                        target.copy_(y);
                    }
                }
                Track(-n);
                at += n;
            }
        }
        catch
        {
            features?.Dispose();
            labels?.Dispose();
            Track(-rows);
            throw;
        }
        Tensor? order = null;
        if (Options.Shuffle)
        {
            var permutation = new long[rows];
            for (long i = 0; i < rows; i++) permutation[i] = i;
            new Random(Mix(Options.Seed, plan.Epoch, w)).Shuffle(permutation);
            order = tensor(permutation, dtype: ScalarType.Int64);
        }
        return new Buffer(this, features!, labels, rows, order, null);
    }

    /// <summary>
    /// Rows at positions [<paramref name="position"/>, <paramref name="position"/> + <paramref name="n"/>) of this dataset: a
    /// contiguous block of the file for a range, the file rows the positions name for a subset (read in blocks of at most
    /// <see cref="Hdf5DatasetOptions.ChunkRows"/> file rows, the wanted ones kept). Features are null with <paramref name="labelsOnly"/>
    /// where the layout reads labels alone; owned by the caller.
    /// </summary>
    private (Tensor? Features, Tensor? Labels) ReadPositions(Hdf5Reader reader, long position, long n, bool labelsOnly)
    {
        if (_rows is null) return ReadChunk(reader, Options.FirstRow + position, n, labelsOnly);
        using var scope = NewDisposeScope();
        var xs = new List<Tensor>();
        var ys = new List<Tensor>();
        long i = position, end = position + n;
        while (i < end)
        {
            long first = _rows[i];
            long j = i + 1;
            while (j < end && _rows[j] < first + Options.ChunkRows) j++;
            long span = _rows[j - 1] + 1 - first;
            Track(span);
            try
            {
                var (x, y) = ReadChunk(reader, Options.FirstRow + first, span, labelsOnly);
                if (span == j - i)
                {
                    if (x is not null) xs.Add(x);
                    if (y is not null) ys.Add(y);
                }
                else
                {
                    var wanted = new long[j - i];
                    for (long k = i; k < j; k++) wanted[k - i] = _rows[k] - first;
                    using var index = tensor(wanted, dtype: ScalarType.Int64);
                    if (x is not null) xs.Add(x.index_select(0, index));
                    if (y is not null) ys.Add(y.index_select(0, index));
                    x?.Dispose();
                    y?.Dispose();
                }
            }
            finally
            {
                Track(-span);
            }
            i = j;
        }
        static Tensor? Joined(List<Tensor> parts) => parts.Count == 0 ? null : (parts.Count == 1 ? parts[0] : cat(parts, 0)).MoveToOuterDisposeScope();
        return (Joined(xs), Joined(ys));
    }

    /// <summary>File rows [start, start + n): features (null with <paramref name="labelsOnly"/> where the layout reads labels alone) and labels in <see cref="Hdf5DatasetOptions.LabelType"/> and shape; owned by the caller.</summary>
    private (Tensor? Features, Tensor? Labels) ReadChunk(Hdf5Reader reader, long start, long n, bool labelsOnly)
    {
        using var scope = NewDisposeScope();   // the layouts' intermediate tensors
        Tensor? x = null, y;
        if (labelsOnly && _readLabels is not null) y = _readLabels(reader, start, n);
        else (x, y) = _readRows(reader, start, n);
        if (y is not null && Options.LabelType is { } type && y.dtype != type) y = y.to_type(type);
        if (y is not null && Options.LabelsAsColumn && y.dim() == 1) y = y.unsqueeze(1);
        if (y is not null) y = y.contiguous().MoveToOuterDisposeScope();
        return (labelsOnly ? null : x?.MoveToOuterDisposeScope(), y);
    }

    private void Track(long rows)
    {
        long now = Interlocked.Add(ref _resident, rows);
        long peak;
        while (now > (peak = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak) { }
    }

    /// <inheritdoc/>
    public string StateKey => $"Hdf5Dataset:{Path.GetFileName(FilePath)}";

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Epoch);
        writer.Write(NextBatch);
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Epoch = reader.ReadInt32();
        NextBatch = reader.ReadInt32();
    }

    /// <summary>Nothing native is held between enumerations; present for symmetry with <see cref="TensorDataset"/>.</summary>
    public void Dispose() { }

    private sealed record EpochPlan(int Epoch, int[][] Groups, long[] Starts);

    /// <summary>One shuffle buffer handed from the reading thread to the batching thread, or the error that stopped the reading.</summary>
    private sealed class Buffer(Hdf5Dataset owner, Tensor features, Tensor? labels, long rows, Tensor? order, Exception? error) : IDisposable
    {
        public Tensor Features { get; } = features;
        public Tensor? Labels { get; } = labels;
        public long Rows { get; } = rows;
        public Exception? Error { get; } = error;

        /// <summary>Rows [offset, offset + n) of the buffer's (permuted) order, as a new tensor in the caller's scope.</summary>
        public Tensor Slice(Tensor source, long offset, long n)
        {
            if (order is null) return source.narrow(0, offset, n).clone();
            using var rows = order.narrow(0, offset, n);
            return source.index_select(0, rows);
        }

        public void Dispose()
        {
            if (Error is not null) return;
            Features.Dispose();
            Labels?.Dispose();
            order?.Dispose();
            owner.Track(-Rows);
        }
    }
}
