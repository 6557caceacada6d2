using DeepLearning.Torch.Data;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using TorchSharp;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>
/// train-stream: the top-tagging DNN of <see cref="TrainCase"/> on flat rows (Dense 256/128/64 ReLU, Dropout 0.1, 1 logit;
/// batch --batch, Adam(1e-3), BCE from logits, shuffled) trained with <c>Trainer.Fit</c> on --file (x float32 [N, 800] = 200
/// constituents x 4 flattened, y float32 [N], written by bench/peers/make_stream_inputs.py; flat because PureHDF reads a
/// row slice of a 3-D dataset several times slower than of a 2-D one), --mode stream (an <see cref="Hdf5Dataset"/>: --chunk-rows rows per chunk,
/// --buffer-chunks chunks per shuffle buffer, --prefetch buffers read ahead) or memory (the whole file read into one
/// <see cref="TensorDataset"/> first, not timed). Runs --epochs epochs; the result is the median epoch after the first
/// (the first alone with one epoch). Prints the stream's resident-row bound and peak.
/// </summary>
internal static class StreamCase
{
    internal static double Run(Options options)
    {
        string path = options.Text("file"), mode = options.Text("mode");
        int batch = options.Int("batch", 1024), epochs = options.Int("epochs", 3);
        var trainer = new Trainer(new TrainerOptions
        {
            Verbose = Verbosity.Silent, Epochs = epochs, BatchSize = batch, Seed = 1, Shuffle = true, Device = DeviceSelection.Cpu,
            Optimizer = Optimizers.Adam(1e-3), Loss = Losses.BinaryCrossEntropy(fromLogits: true),
        });
        using var model = new Sequential("toptag_dnn_flat")
        {
            new Input(800), new Dense(256, Activation.Relu), new Dropout(0.1), new Dense(128, Activation.Relu), new Dense(64, Activation.Relu), new Dense(1),
        }.Build(seed: 1);
        var streamOptions = new Hdf5DatasetOptions
        {
            ChunkRows = options.Int("chunk-rows", 4096), ShuffleBufferChunks = options.Int("buffer-chunks", 8), Prefetch = options.Int("prefetch", 2),
            Shuffle = true, Seed = 1, LabelType = torch.ScalarType.Float32, LabelsAsColumn = true,
        };
        History history;
        long rows;
        if (mode == "stream")
        {
            using var data = new Hdf5Dataset(path, streamOptions);
            rows = data.Count;
            history = trainer.Fit(model, data);
            Console.WriteLine($"stream: {data.Count} rows, {data.ChunkCount} chunks, at most {data.MaxResidentRows} rows resident, peak {data.PeakResidentRows}");
        }
        else if (mode == "memory")
        {
            using var reader = new Hdf5Reader(path);
            using var x = reader.Read("x", torch.ScalarType.Float32);
            using var y = reader.Read("y", torch.ScalarType.Float32);
            using var column = y.unsqueeze(1);
            using var data = new TensorDataset(x, column);
            rows = data.Count;
            history = trainer.Fit(model, data);
        }
        else if (mode == "read")
        {
            // The stream alone: one epoch's batches handed out and dropped, no training.
            using var data = new Hdf5Dataset(path, streamOptions);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            foreach (var b in data.Batches(1, batch))
            {
                using var scope = torch.NewDisposeScope();
                b.Features.Dispose();
            }
            Console.WriteLine($"read: {data.Count} rows in {clock.Elapsed.TotalSeconds:F3} s");
            return clock.Elapsed.TotalSeconds;
        }
        else throw new ArgumentException($"Unknown --mode '{mode}'; use stream, memory or read.");
        var seconds = history.Epochs.Select(e => e.Seconds).ToList();
        Console.WriteLine($"epoch seconds: {string.Join(" ", seconds.Select(s => s.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}; rows {rows}");
        return Options.Median(seconds.Count > 1 ? seconds.Skip(1).ToList() : seconds);
    }
}
