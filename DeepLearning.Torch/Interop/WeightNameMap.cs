namespace DeepLearning.Torch.Interop;

/// <summary>
/// Maps the model's state-dict names (<c>conv2d.weight</c>) to the names in a PyTorch file (<c>features.0.weight</c>).
/// The same map serves loading (where the model's tensor is looked up in the file) and saving (the name it is written
/// under), so a PyTorch network that loaded our file loads its own names back into us.
/// </summary>
public sealed class WeightNameMap
{
    private readonly Func<string, string?> map;

    /// <summary>A map given as a function: our name in, the PyTorch name out, or <c>null</c> to leave that tensor out
    /// (not loaded, not saved; listed in <see cref="WeightLoadReport.Skipped"/>).</summary>
    /// <param name="modelToFile">The mapping; called once per tensor of the model.</param>
    public WeightNameMap(Func<string, string?> modelToFile)
    {
        ArgumentNullException.ThrowIfNull(modelToFile);
        map = modelToFile;
    }

    /// <summary>
    /// A map given as a dictionary from our names to PyTorch's. A key is a whole tensor name (<c>dense.weight</c>) or a
    /// module prefix (<c>dense</c> maps <c>dense.weight</c>, <c>dense.bias</c>, ...); a whole name wins over a prefix, a
    /// longer prefix over a shorter one. Names the dictionary does not cover keep their own name.
    /// </summary>
    /// <param name="modelToFile">Our name or prefix to PyTorch's, e.g. <c>{ ["conv2d"] = "features.0" }</c>.</param>
    public WeightNameMap(IReadOnlyDictionary<string, string> modelToFile)
    {
        ArgumentNullException.ThrowIfNull(modelToFile);
        var copy = modelToFile.ToDictionary(StringComparer.Ordinal);     // later changes to the caller's dictionary do not leak in
        map = name => MapByPrefix(copy, name);
    }

    /// <summary>The identity: every tensor keeps its name.</summary>
    public static WeightNameMap Identity { get; } = new(name => name);

    /// <summary>The PyTorch name of our tensor <paramref name="modelName"/>, or <c>null</c> when it is left out.</summary>
    public string? ToFileName(string modelName) => map(modelName);

    private static string MapByPrefix(Dictionary<string, string> names, string name)
    {
        if (names.TryGetValue(name, out var whole)) return whole;
        // The longest module prefix that ends at a '.' of the name.
        for (int dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
        {
            if (names.TryGetValue(name[..dot], out var prefix)) return prefix + name[dot..];
        }
        return name;
    }
}
