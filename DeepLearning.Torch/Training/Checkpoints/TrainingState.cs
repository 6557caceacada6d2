using System.Text;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Checkpoints;

/// <summary>Everything a checkpoint holds; tensors are CPU copies owned by this object.</summary>
internal sealed class TrainingState : IDisposable
{
    internal int Epoch { get; init; }
    internal long GlobalStep { get; init; }
    internal double LearningRate { get; init; }
    internal long Seed { get; init; }
    internal string ModelType { get; init; } = "";
    internal string? ModelDescription { get; init; }
    internal string HistoryJson { get; init; } = "";
    internal List<(string Name, Tensor Value)> Weights { get; init; } = [];
    internal byte[] Optimizer { get; init; } = [];
    /// <summary>The schedule's state in checkpoints of earlier versions of the format; empty now (it is among <see cref="Callbacks"/>).</summary>
    internal byte[] Schedule { get; init; } = [];

    /// <summary>The state of every <see cref="IO.IStateful"/> component of the run (callbacks, schedule, augmentation), by key.</summary>
    internal List<(string Key, byte[] State)> Callbacks { get; init; } = [];
    internal Tensor? TorchRngState { get; init; }
    internal Tensor? ShuffleRngState { get; init; }

    /// <summary>The writing run's <see cref="RunSettings"/>; null in checkpoints written before they were stored.</summary>
    internal string? Settings { get; init; }

    /// <summary>The states of the optimizers after the first (a custom <c>TrainingStep</c> with several); empty for one.</summary>
    internal List<byte[]> MoreOptimizers { get; init; } = [];

    /// <summary>The state of every optimizer, in the step's order.</summary>
    internal IReadOnlyList<byte[]> Optimizers => [Optimizer, .. MoreOptimizers];

    internal byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Epoch);
            w.Write(GlobalStep);
            w.Write(LearningRate);
            w.Write(Seed);
            w.Write(ModelType);
            w.Write(ModelDescription is not null);
            if (ModelDescription is not null) w.Write(ModelDescription);
            w.Write(HistoryJson);
            w.Write(Weights.Count);
            foreach (var (name, value) in Weights)
            {
                w.Write(name);
                TensorIO.Write(w, value);
            }
            WriteBlob(w, Optimizer);
            WriteBlob(w, Schedule);
            w.Write(Callbacks.Count);
            foreach (var (key, state) in Callbacks)
            {
                w.Write(key);
                WriteBlob(w, state);
            }
            WriteOptionalTensor(w, TorchRngState);
            WriteOptionalTensor(w, ShuffleRngState);
            // Format version 2: the settings and the further optimizers are always written (version 1 could end before them).
            w.Write(Settings is not null);
            if (Settings is not null) w.Write(Settings);
            w.Write(MoreOptimizers.Count);
            foreach (var blob in MoreOptimizers) WriteBlob(w, blob);
        }
        return stream.ToArray();
    }

    /// <summary>Reads a payload of format <paramref name="version"/> (1 or 2; <see cref="CheckpointFile"/> checked it).</summary>
    internal static TrainingState Deserialize(int version, byte[] payload, string path)
    {
        var weights = new List<(string, Tensor)>();
        Tensor? torchRng = null;
        Tensor? shuffleRng = null;
        try
        {
            using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
            int epoch = r.ReadInt32();
            long step = r.ReadInt64();
            double lr = r.ReadDouble();
            long seed = r.ReadInt64();
            string modelType = r.ReadString();
            string? description = r.ReadBoolean() ? r.ReadString() : null;
            string history = r.ReadString();
            int count = r.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                string name = r.ReadString();
                weights.Add((name, TensorIO.Read(r)));
            }
            byte[] optimizer = ReadBlob(r);
            byte[] schedule = ReadBlob(r);
            int callbackCount = r.ReadInt32();
            var callbacks = new List<(string, byte[])>();
            for (int i = 0; i < callbackCount; i++) callbacks.Add((r.ReadString(), ReadBlob(r)));
            torchRng = ReadOptionalTensor(r);
            shuffleRng = ReadOptionalTensor(r);
            // Version 1 ends after the RNG states, after the settings, or after the further optimizers.
            bool firstVersion = version == CheckpointFile.FirstFormatVersion;
            string? settings = (firstVersion ? r.BaseStream.Position < r.BaseStream.Length : r.ReadBoolean()) ? r.ReadString() : null;
            var moreOptimizers = new List<byte[]>();
            if (!firstVersion || r.BaseStream.Position < r.BaseStream.Length)
            {
                int more = r.ReadInt32();
                if (more < 0) throw new InvalidDataException($"negative optimizer count {more}");
                for (int i = 0; i < more; i++) moreOptimizers.Add(ReadBlob(r));
            }
            if (r.BaseStream.Position != r.BaseStream.Length)
                throw new InvalidDataException($"{r.BaseStream.Length - r.BaseStream.Position} unexpected bytes after the last section");
            return new TrainingState
            {
                Epoch = epoch, GlobalStep = step, LearningRate = lr, Seed = seed, ModelType = modelType,
                ModelDescription = description, HistoryJson = history, Weights = weights, Optimizer = optimizer,
                Schedule = schedule, Callbacks = callbacks, TorchRngState = torchRng, ShuffleRngState = shuffleRng,
                Settings = settings, MoreOptimizers = moreOptimizers,
            };
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException or ArgumentException)
        {
            foreach (var (_, t) in weights) t.Dispose();
            torchRng?.Dispose();
            shuffleRng?.Dispose();
            throw new CheckpointException(path, "is malformed (" + e.Message + ") although its checksum matches; was it written by another version?", e);
        }
    }

    private static void WriteBlob(BinaryWriter w, byte[] blob)
    {
        w.Write(blob.Length);
        w.Write(blob);
    }

    private static byte[] ReadBlob(BinaryReader r)
    {
        int length = r.ReadInt32();
        if (length < 0) throw new InvalidDataException($"negative section length {length}");
        byte[] blob = r.ReadBytes(length);
        return blob.Length == length ? blob : throw new EndOfStreamException("section ends early");
    }

    private static void WriteOptionalTensor(BinaryWriter w, Tensor? t)
    {
        w.Write(t is not null);
        if (t is not null) TensorIO.Write(w, t);
    }

    private static Tensor? ReadOptionalTensor(BinaryReader r) => r.ReadBoolean() ? TensorIO.Read(r) : null;

    public void Dispose()
    {
        foreach (var (_, t) in Weights) t.Dispose();
        TorchRngState?.Dispose();
        ShuffleRngState?.Dispose();
    }
}
