using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using PureHDF;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>Trainer.Fit, Evaluate and Predict on an HDF5 stream (Hdf5Dataset) compared with the same rows in memory.</summary>
public sealed class StreamingFitTests : IDisposable
{
    private const int TrainRows = 600, ValidationRows = 200;
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-stream-fit").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Two blobs in 4-D (labels float 0/1), rows mixed by a fixed permutation, written as x [800, 4] and y [800].</summary>
    private string WriteFile()
    {
        var (x, y) = TrainingData.Blobs(TrainRows + ValidationRows, seed: 7);
        using (x)
        using (y)
        using (var g = new Generator(11))
        using (var order = randperm(x.shape[0], generator: g))
        using (var xs = x.index_select(0, order))
        using (var ys = y.index_select(0, order))
        {
            var xa = new float[xs.shape[0], 4];
            float[] flat = xs.data<float>().ToArray();
            for (int i = 0; i < xa.GetLength(0); i++)
                for (int j = 0; j < 4; j++) xa[i, j] = flat[4 * i + j];
            string path = Path.Combine(_dir, "blobs.h5");
            new H5File { ["x"] = xa, ["y"] = ys.data<float>().ToArray() }.Write(path);
            return path;
        }
    }

    private static TrainerOptions Options(bool shuffle, params Callback[] callbacks)
    {
        var options = new TrainerOptions
        {
            Epochs = 3, BatchSize = 50, Seed = 5, Shuffle = shuffle, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent,
            Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.01),
            Metrics = { new DeepLearning.Torch.Training.Metrics.Accuracy(threshold: 0) },
        };
        foreach (var c in callbacks) options.Callbacks.Add(c);
        return options;
    }

    /// <summary>Training rows [0, 600) and validation rows [600, 800) of the file, in small chunks so that memory is bounded.</summary>
    private static (Hdf5Dataset Train, Hdf5Dataset Validation) Streams(string path, bool shuffle) => (
        new Hdf5Dataset(path, new Hdf5DatasetOptions { ChunkRows = 32, ShuffleBufferChunks = 2, Prefetch = 1, Shuffle = shuffle, Seed = 3, RowCount = TrainRows }),
        new Hdf5Dataset(path, new Hdf5DatasetOptions { ChunkRows = 32, ShuffleBufferChunks = 2, Prefetch = 1, Shuffle = false, FirstRow = TrainRows }));

    private static void AssertSameHistory(History expected, History actual)
    {
        Assert.Equal(expected.Epochs.Count, actual.Epochs.Count);
        for (int e = 0; e < expected.Epochs.Count; e++) Assert.Equal(expected.Epochs[e].Values, actual.Epochs[e].Values);
    }

    [Fact]
    public void Fit_StreamInFileOrder_EqualsInMemoryFitBitwise()
    {
        string path = WriteFile();
        var (train, validation) = Streams(path, shuffle: false);
        using (train)
        using (validation)
        using (var reader = new Hdf5Reader(path))
        using (var x = reader.Read("x"))
        using (var y = reader.Read("y"))
        using (var memoryTrain = new TensorDataset(x.narrow(0, 0, TrainRows), y.narrow(0, 0, TrainRows)))
        using (var memoryValidation = new TensorDataset(x.narrow(0, TrainRows, ValidationRows), y.narrow(0, TrainRows, ValidationRows)))
        {
            // The stream never holds the whole training range.
            Assert.True(train.MaxResidentRows < train.Count, $"MaxResidentRows {train.MaxResidentRows} must be below the {train.Count} rows");

            History inMemory;
            float[] inMemoryWeights;
            using (var model = TrainingData.Mlp(seed: 1, dropout: 0.3))
            {
                inMemory = new Trainer(Options(shuffle: false)).Fit(model, memoryTrain, memoryValidation);
                inMemoryWeights = TrainingData.Flat(model);
            }
            using var streamed = TrainingData.Mlp(seed: 1, dropout: 0.3);
            var history = new Trainer(Options(shuffle: false)).Fit(streamed, train, validation);

            Assert.Equal(inMemoryWeights, TrainingData.Flat(streamed));
            AssertSameHistory(inMemory, history);
            Assert.NotEqual(history.Epochs[0].Values[MetricKeys.ValidationLoss], history.Epochs[2].Values[MetricKeys.ValidationLoss]);
            Assert.InRange(train.PeakResidentRows, 1, train.MaxResidentRows);

            // Evaluate and Predict read the stream as they read the rows in memory.
            var trainer = new Trainer(Options(shuffle: false));
            Assert.Equal(trainer.Evaluate(streamed, memoryValidation), trainer.Evaluate(streamed, validation));
            using var expected = trainer.Predict(streamed, memoryValidation.Features);
            using var predicted = trainer.Predict(streamed, validation);
            Assert.Equal(expected.shape, predicted.shape);
            Assert.Equal(expected.data<float>().ToArray(), predicted.data<float>().ToArray());
        }
    }

    [Fact]
    public void Fit_ShuffledStream_ResumedAfterMidEpochStopEqualsUninterruptedRun()
    {
        string path = WriteFile();
        var (train, validation) = Streams(path, shuffle: true);
        using (train)
        using (validation)
        {
            History full;
            float[] fullWeights;
            using (var model = TrainingData.Mlp(seed: 1, dropout: 0.3))
            {
                full = new Trainer(Options(shuffle: true, new ModelCheckpoint(Path.Combine(_dir, "full.ckpt")))).Fit(model, train, validation);
                fullWeights = TrainingData.Flat(model);
            }
            // A second uninterrupted run gives the same result: the stream's order depends only on its seed and the epoch.
            using (var again = TrainingData.Mlp(seed: 1, dropout: 0.3))
            {
                AssertSameHistory(full, new Trainer(Options(shuffle: true)).Fit(again, train, validation));
                Assert.Equal(fullWeights, TrainingData.Flat(again));
            }

            // Stopped in the middle of epoch 2 (as a preemption signal stops it); last.ckpt holds epoch 1.
            string last = Path.Combine(_dir, "last.ckpt");
            using (var cancel = new CancellationTokenSource())
            using (var interrupted = TrainingData.Mlp(seed: 1, dropout: 0.3))
            {
                var stopped = new Trainer(Options(shuffle: true, new ModelCheckpoint(last), new CancelAt(cancel, epoch: 2, batch: 4)))
                    .Fit(interrupted, train, validation, cancellationToken: cancel.Token);
                Assert.Equal(StopReason.Cancelled, stopped.StopReason);
                Assert.Single(stopped.Epochs);
                Assert.Equal(5, train.NextBatch);   // the stream stopped after batch 4 of epoch 2
            }
            using var resumed = TrainingData.Mlp(seed: 99, dropout: 0.3);
            var history = new Trainer(Options(shuffle: true, new ModelCheckpoint(last))).Fit(resumed, train, validation, resumeFrom: last);

            Assert.Equal(fullWeights, TrainingData.Flat(resumed));
            AssertSameHistory(full, history);
            Assert.InRange(train.PeakResidentRows, 1, train.MaxResidentRows);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Fit_StreamWithValidationSplit_EqualsInMemorySplitBitwise(bool stratify)
    {
        string path = WriteFile();
        using var stream = new Hdf5Dataset(path, new Hdf5DatasetOptions { ChunkRows = 32, ShuffleBufferChunks = 2, Prefetch = 1, Shuffle = false });
        using var reader = new Hdf5Reader(path);
        using var x = reader.Read("x");
        using var y = reader.Read("y");
        using var memory = new TensorDataset(x, y);
        TrainerOptions Split()
        {
            var o = Options(shuffle: false);
            o.ValidationSplit = 0.25;
            o.StratifyValidationSplit = stratify;
            return o;
        }

        // The stream's labels give the indices of the in-memory split.
        using (var labels = stream.ReadLabels())
        {
            Assert.Equal(y.data<float>().ToArray(), labels.data<float>().ToArray());
            var fromStream = DatasetSplit.Indices(stream.Count, labels, 0.25, 0, 5, stratify);
            var inMemory = DatasetSplit.Indices(memory, 0.25, 0, 5, stratify);
            Assert.Equal(inMemory.Train, fromStream.Train);
            Assert.Equal(inMemory.Validation, fromStream.Validation);
            Assert.Equal(stratify, fromStream.Stratified);
        }

        History expected;
        float[] expectedWeights;
        using (var model = TrainingData.Mlp(seed: 1, dropout: 0.3))
        {
            expected = new Trainer(Split()).Fit(model, memory);
            expectedWeights = TrainingData.Flat(model);
        }
        using var streamed = TrainingData.Mlp(seed: 1, dropout: 0.3);
        var history = new Trainer(Split()).Fit(streamed, stream);

        Assert.Equal(expectedWeights, TrainingData.Flat(streamed));
        AssertSameHistory(expected, history);
        Assert.True(history.Epochs[0].Values.ContainsKey(MetricKeys.ValidationLoss));
    }

    [Fact]
    public void Fit_ShuffledStreamWithValidationSplit_DeterministicAndPartsDisjoint()
    {
        string path = WriteFile();
        var streamOptions = new Hdf5DatasetOptions { ChunkRows = 32, ShuffleBufferChunks = 2, Prefetch = 1, Shuffle = true, Seed = 3 };
        using var stream = new Hdf5Dataset(path, streamOptions);
        TrainerOptions Split()
        {
            var o = Options(shuffle: true);
            o.ValidationSplit = 0.25;
            return o;
        }
        History first;
        float[] firstWeights;
        using (var model = TrainingData.Mlp(seed: 1, dropout: 0.3))
        {
            first = new Trainer(Split()).Fit(model, stream);
            firstWeights = TrainingData.Flat(model);
        }
        using (var again = TrainingData.Mlp(seed: 1, dropout: 0.3))
        using (var reopened = new Hdf5Dataset(path, streamOptions))
        {
            AssertSameHistory(first, new Trainer(Split()).Fit(again, reopened));
            Assert.Equal(firstWeights, TrainingData.Flat(again));
        }

        // The parts the trainer streams: the training rows shuffled, the validation rows in order, no row in both.
        using var labels = stream.ReadLabels();
        var parts = DatasetSplit.Indices(stream.Count, labels, 0.25, 0, 5);
        using var train = stream.Subset(parts.Train);
        using var validation = stream.Subset(parts.Validation, shuffle: false);
        using var reader = new Hdf5Reader(path);
        using var x = reader.Read("x");
        var trainRows = Rows(train, x);
        var validationRows = Rows(validation, x);
        Assert.Equal(parts.Train, trainRows.Order());
        Assert.NotEqual(parts.Train, trainRows);
        Assert.Equal(parts.Validation, validationRows);
        Assert.Empty(trainRows.Intersect(validationRows));
        Assert.Equal(TrainRows + ValidationRows, trainRows.Length + validationRows.Length);
    }

    /// <summary>The file row of each row the stream hands out in epoch 1, found by its features (the blobs' rows are distinct).</summary>
    private static long[] Rows(Hdf5Dataset data, Tensor features)
    {
        var where = new Dictionary<string, long>();
        float[] all = features.data<float>().ToArray();
        for (long i = 0; i < features.shape[0]; i++) where[string.Join(",", all.Skip((int)(4 * i)).Take(4))] = i;
        var rows = new List<long>();
        foreach (var batch in data.Batches(1, 64))
        {
            using var scope = NewDisposeScope();
            float[] b = batch.Features.data<float>().ToArray();
            for (int r = 0; r < b.Length / 4; r++) rows.Add(where[string.Join(",", b.Skip(4 * r).Take(4))]);
        }
        return rows.ToArray();
    }

    [Fact]
    public void Fit_TrainerShuffleDisagreesWithStream_Refused()
    {
        string path = WriteFile();
        using var train = new Hdf5Dataset(path, new Hdf5DatasetOptions { Shuffle = true });
        using var model = TrainingData.Mlp();
        var e = Assert.Throws<ArgumentException>(() => new Trainer(Options(shuffle: false)).Fit(model, train));
        Assert.Contains("TrainerOptions.Shuffle = False but the training stream shuffles", e.Message);
    }

    [Fact]
    public void Predict_ShuffledStream_Refused()
    {
        string path = WriteFile();
        using var data = new Hdf5Dataset(path, new Hdf5DatasetOptions { Shuffle = true });
        using var model = TrainingData.Mlp();
        var e = Assert.Throws<ArgumentException>(() => new Trainer(Options(shuffle: true)).Predict(model, data));
        Assert.Contains("Shuffle = false", e.Message);
    }

    /// <summary>Cancels <paramref name="source"/> after batch <paramref name="batch"/> of epoch <paramref name="epoch"/>.</summary>
    private sealed class CancelAt(CancellationTokenSource source, int epoch, int batch) : Callback
    {
        public override void OnBatchEnd(TrainingContext context)
        {
            if (context.Epoch == epoch && context.BatchIndex == batch) source.Cancel();
        }
    }
}
