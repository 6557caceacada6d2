using System.Text.Json;
using System.Text.Json.Serialization;
using DeepLearning.Torch.Layers;

namespace DeepLearning.Torch.Models;

/// <summary>
/// A model's architecture without weights: its named layers, the graph of their calls (in execution order), its
/// inputs and outputs, and the preset. It round-trips through JSON (<see cref="ToJson"/>, <see cref="FromJson"/>),
/// so that a checkpoint can rebuild the module its weights belong to.
/// </summary>
/// <param name="Name">The model's name.</param>
/// <param name="Preset">The preset filling unspecified initializers and batch-norm options.</param>
/// <param name="Layers">Every layer, each with a unique name.</param>
/// <param name="Nodes">The calls of the layers, in an order where inputs come before their users.</param>
/// <param name="Inputs">Ids of the input nodes, in the order forward takes them.</param>
/// <param name="Outputs">Ids of the output nodes, in the order forward returns them.</param>
public sealed record ModelDescription(
    string Name, InitPreset Preset, IReadOnlyList<Layer> Layers, IReadOnlyList<GraphNode> Nodes,
    IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs)
{
    /// <summary>Format version written into the JSON; readers reject newer versions.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Format version of this description.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The description as indented JSON.</summary>
    /// <exception cref="ModelBuildException">A custom layer has a property that cannot be written.</exception>
    public string ToJson() => JsonSerializer.Serialize(this, Options(new LayerRegistry()));

    /// <summary>
    /// Reads a description written by <see cref="ToJson"/>. Layer types are read only when <paramref name="registry"/>
    /// knows them: descriptions are untrusted input, and no other type is created.
    /// </summary>
    /// <param name="json">The description.</param>
    /// <param name="registry">The layer types and Lambda layers the application allows. <value>Default: the library's layers only.</value></param>
    /// <exception cref="ModelBuildException">The JSON is malformed, of a newer format, names a layer type or Lambda
    /// function that is not registered, or describes an invalid model.</exception>
    public static ModelDescription FromJson(string json, LayerRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ModelDescription? description;
        try
        {
            description = JsonSerializer.Deserialize<ModelDescription>(json, Options(registry ?? new LayerRegistry()));
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new ModelBuildException($"The model description is not valid JSON for this library: {e.Message}", e);
        }
        if (description is null) throw new ModelBuildException("The model description is empty (JSON null).");
        if (description.FormatVersion > CurrentFormatVersion)
            throw new ModelBuildException($"The model description has format version {description.FormatVersion}; this library reads up to {CurrentFormatVersion}.");
        return description;
    }

    private static JsonSerializerOptions Options(LayerRegistry registry) => new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(), new LayerJsonConverter(registry) },
    };
}
