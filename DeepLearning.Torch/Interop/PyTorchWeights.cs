using System.Collections;
using System.IO.Compression;
using DeepLearning.Torch.Runtime;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Interop;

/// <summary>
/// PyTorch weights in and out of a built model (any TorchSharp module): a <c>torch.save(model.state_dict(), path)</c>
/// file or safetensors is loaded into the model, and the model's state dict is written so that PyTorch's
/// <c>model.load_state_dict(torch.load(path))</c> (or <c>safetensors.torch.load_file</c>) takes it. Names pair up
/// exactly or through a <see cref="WeightNameMap"/>; shapes and dtypes are checked before anything is copied; BatchNorm
/// running statistics travel as ordinary buffers. Pickles are checked opcode by opcode before TorchSharp.PyBridge reads
/// them: a file naming anything but tensor rebuilding is refused unread (<see cref="UnsafePickleException"/>).
/// </summary>
public static class PyTorchWeights
{
    private const string NumBatchesTracked = "num_batches_tracked";

    /// <summary>Loads a PyTorch state dict into <paramref name="model"/>.</summary>
    /// <param name="model">The built model (on any device); its tensors are overwritten in place.</param>
    /// <param name="path">A <c>torch.save</c> archive (<c>.pt</c>, <c>.pth</c>, <c>.bin</c>) or a <c>.safetensors</c> file.</param>
    /// <param name="options">Strictness, name map, format, dtype conversion. <value>Default: strict, same names, format from the content.</value></param>
    /// <returns>What was loaded, and what did not pair up (with <c>Strict = false</c>).</returns>
    /// <exception cref="WeightLoadException">Names missing or unexpected (strict), shapes or dtypes differ, or the file is
    /// not a state dict; the message names every tensor (ours and the file's) and the model is unchanged.</exception>
    /// <exception cref="UnsafePickleException">The pickle names a global a state dict does not need; nothing was run.</exception>
    public static WeightLoadReport Load(nn.Module model, string path, PyTorchLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new PyTorchLoadOptions();
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();          // the file's tensors are freed when the copy is done
        var file = Read(path, options.Format);
        var names = options.Names ?? WeightNameMap.Identity;
        var state = model.state_dict();

        var loaded = new Dictionary<string, string>(StringComparer.Ordinal);
        var claimedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        var skipped = new List<string>();
        var problems = new List<string>();
        foreach (var (name, tensor) in state)
        {
            string? fileName = names.ToFileName(name);
            if (fileName is null) { skipped.Add(name); continue; }
            if (claimedBy.TryGetValue(fileName, out var other))
            {
                problems.Add($"'{name}' and '{other}' both map to the file's '{fileName}'");
                continue;
            }
            claimedBy[fileName] = name;
            if (!file.TryGetValue(fileName, out var source))
            {
                missing.Add(name);
                continue;
            }
            if (!source.shape.SequenceEqual(tensor.shape))
                problems.Add($"shape of '{name}' {Shape(tensor)} in the model, file tensor '{fileName}' {Shape(source)}");
            else if (source.dtype != tensor.dtype && !(options.ConvertFloatingTypes && source.is_floating_point() && tensor.is_floating_point()))
                problems.Add($"dtype of '{name}' {tensor.dtype} in the model, file tensor '{fileName}' {source.dtype}" +
                             (source.is_floating_point() && tensor.is_floating_point() ? " (ConvertFloatingTypes = true converts it)" : ""));
            else
                loaded[name] = fileName;
        }
        // The file's BatchNorm counters whose running_mean went to a module of ours without such a buffer.
        // The pickle's dictionary comes unordered: names are listed in ordinal order.
        var unused = file.Keys.Where(k => !claimedBy.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var ignored = unused.Where(k => IsBatchNormCounter(k, claimedBy, state)).ToList();
        var unexpected = unused.Except(ignored).Select(k => $"'{k}'").ToList();

        if (options.Strict && missing.Count > 0)
            problems.Add($"missing in the file: {string.Join(", ", missing.Select(m => names.ToFileName(m) is { } f && f != m ? $"'{m}' (file name '{f}')" : $"'{m}'"))}");
        if (options.Strict && unexpected.Count > 0) problems.Add($"unexpected in the file (no tensor of the model maps to them): {string.Join(", ", unexpected)}");
        if (problems.Count > 0)
            throw new WeightLoadException(
                $"Cannot load '{path}' into {Describe(model)}; nothing was loaded:\n  - {string.Join("\n  - ", problems)}\n" +
                "Map names with PyTorchLoadOptions.Names (our name or module prefix to the file's); Strict = false loads the tensors that pair up and reports the rest.");

        using (no_grad())
        {
            foreach (var (name, fileName) in loaded) state[name].copy_(file[fileName]);
        }
        return new WeightLoadReport(loaded, missing, unexpected.Select(u => u.Trim('\'')).ToList(), skipped, ignored);
    }

    /// <summary>Saves <paramref name="model"/>'s state dict (parameters and buffers) for PyTorch.</summary>
    /// <param name="model">The model (on any device; tensors are copied to the CPU).</param>
    /// <param name="path">The file; written whole or not at all.</param>
    /// <param name="options">Name map, format, BatchNorm counters. <value>Default: our names, format from the extension.</value></param>
    /// <exception cref="ArgumentException">Two tensors map to one name.</exception>
    public static void Save(nn.Module model, string path, PyTorchSaveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new PyTorchSaveOptions();
        TorchRuntime.EnsureLoaded();
        var names = options.Names ?? WeightNameMap.Identity;
        using var scope = NewDisposeScope();
        var state = model.state_dict();
        var output = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var source = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string ours, string fileName, Tensor tensor)
        {
            if (!source.TryAdd(fileName, ours))
                throw new ArgumentException($"'{ours}' and '{source[fileName]}' both map to '{fileName}'; every tensor needs its own name.", nameof(options));
            output[fileName] = tensor;
        }
        foreach (var (name, tensor) in state)
        {
            if (names.ToFileName(name) is not { } fileName) continue;
            // Contiguous CPU copies, offset 0: both writers store the tensor's bytes as laid out.
            Add(name, fileName, tensor.detach().cpu().contiguous().clone());
            const string mean = ".running_mean";
            if (options.WriteNumBatchesTracked && name.EndsWith(mean, StringComparison.Ordinal) && fileName.EndsWith(mean, StringComparison.Ordinal)
                && !state.ContainsKey(name[..^mean.Length] + "." + NumBatchesTracked))
                Add(name, fileName[..^mean.Length] + "." + NumBatchesTracked, torch.tensor(0L));
        }

        var format = options.Format != WeightFormat.Auto ? options.Format
            : path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? WeightFormat.Safetensors : WeightFormat.Pickle;
        string temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            if (format == WeightFormat.Safetensors) Safetensors.SaveStateDict(stream, output, leaveOpen: true);
            else PyTorchPickler.PickleStateDict(stream, output, leaveOpen: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The file's tensors by name, on the CPU, in the current dispose scope.</summary>
    private static Dictionary<string, Tensor> Read(string path, WeightFormat format)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No weight file at '{path}'.", path);
        byte[] head = new byte[9];
        int read;
        using (var probe = File.OpenRead(path)) read = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        bool zip = read >= 4 && head[0] == 0x50 && head[1] == 0x4b && head[2] == 0x03 && head[3] == 0x04;
        bool safetensors = read == 9 && head[8] == (byte)'{';
        if (format == WeightFormat.Auto)
        {
            format = zip ? WeightFormat.Pickle : safetensors ? WeightFormat.Safetensors
                : throw new WeightLoadException(read >= 2 && head[0] == 0x80
                    ? $"'{path}' is a pickle in PyTorch's legacy format (before 1.6, or _use_new_zipfile_serialization=False), which is not read: re-save it with torch.save(model.state_dict(), path) in PyTorch 1.6 or later, or as safetensors."
                    : $"'{path}' is neither a torch.save archive (a zip file) nor safetensors (a JSON header).");
        }
        try
        {
            return format == WeightFormat.Safetensors ? ReadSafetensors(path) : ReadPickle(path);
        }
        catch (Exception e) when (e is not WeightLoadException and not OutOfMemoryException)
        {
            throw new WeightLoadException($"'{path}' cannot be read as {(format == WeightFormat.Safetensors ? "safetensors" : "a torch.save state dict")}: {e.Message}", e);
        }
    }

    private static Dictionary<string, Tensor> ReadSafetensors(string path)
    {
        using var stream = File.OpenRead(path);
        CheckSafetensorsHeader(stream, path);
        stream.Position = 0;
        return Safetensors.LoadStateDict(stream);
    }

    /// <summary>
    /// Checks every entry's byte range against the file and its shape before PyBridge allocates it: a forged header
    /// could otherwise ask for a tensor far larger than the file.
    /// </summary>
    private static void CheckSafetensorsHeader(Stream stream, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(stream.Length - 8)) throw new WeightLoadException($"'{path}': the safetensors header is longer than the file.");
        long dataLength = stream.Length - 8 - (long)headerLength;
        byte[] header = new byte[headerLength];
        stream.ReadExactly(header);
        using var json = System.Text.Json.JsonDocument.Parse(header);
        foreach (var entry in json.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            long elements = 1;
            foreach (var d in entry.Value.GetProperty("shape").EnumerateArray()) elements = checked(elements * d.GetInt64());
            var offsets = entry.Value.GetProperty("data_offsets");
            long begin = offsets[0].GetInt64(), end = offsets[1].GetInt64();
            int size = entry.Value.GetProperty("dtype").GetString() switch
            {
                "F64" or "I64" => 8,
                "F32" or "I32" => 4,
                "F16" or "BF16" or "I16" => 2,
                _ => 1,
            };
            if (begin < 0 || end < begin || end > dataLength || checked(elements * size) != end - begin)
                throw new WeightLoadException($"'{path}': the safetensors entry '{entry.Name}' does not fit the file (shape of {elements} elements, bytes {begin}..{end} of {dataLength}).");
        }
    }

    private static Dictionary<string, Tensor> ReadPickle(string path)
    {
        using (var archive = ZipFile.OpenRead(path))
        {
            // The entry TorchSharp.PyBridge unpickles: the first whose name ends in data.pkl.
            var entry = archive.Entries.FirstOrDefault(e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal))
                ?? throw new WeightLoadException($"'{path}' is a zip file without data.pkl, not a torch.save archive.");
            using var pickle = new MemoryStream();
            using (var data = entry.Open()) data.CopyTo(pickle);
            try
            {
                PickleScanner.Check(pickle.GetBuffer().AsSpan(0, (int)pickle.Length), path);
            }
            catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or FormatException or OverflowException)
            {
                throw new WeightLoadException($"'{path}' has a truncated or malformed pickle.", e);
            }
        }
        // Checked: every global is a tensor or storage rebuilder or OrderedDict, which PyBridge maps to its own constructors.
        using var stream = File.OpenRead(path);
        Hashtable table = PyTorchUnpickler.UnpickleStateDict(stream);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry item in table)
        {
            if (item.Key is not string key || item.Value is not Tensor value)
                throw new WeightLoadException($"'{path}' is not a state dict: the entry '{item.Key}' is a {item.Value?.GetType().Name ?? "null"}, not a tensor.");
            tensors[key] = value;
        }
        return tensors;
    }

    private static bool IsBatchNormCounter(string fileKey, Dictionary<string, string> claimedBy, Dictionary<string, Tensor> state)
    {
        if (!fileKey.EndsWith("." + NumBatchesTracked, StringComparison.Ordinal)) return false;
        string prefix = fileKey[..^NumBatchesTracked.Length];
        return claimedBy.TryGetValue(prefix + "running_mean", out var ours) && ours.EndsWith(".running_mean", StringComparison.Ordinal)
            && !state.ContainsKey(ours[..^"running_mean".Length] + NumBatchesTracked);
    }

    private static string Shape(Tensor t) => t.shape.Length == 1 ? $"({t.shape[0]},)" : $"({string.Join(", ", t.shape)})";

    private static string Describe(nn.Module model) => model is Models.Model built ? $"model '{built.Description.Name}'" : $"the {model.GetType().Name}";
}
