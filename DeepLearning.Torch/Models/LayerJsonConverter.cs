using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DeepLearning.Torch.Layers;

namespace DeepLearning.Torch.Models;

/// <summary>
/// Writes a <see cref="Layer"/> as a JSON object whose first property <c>type</c> names its type, followed by its
/// public properties; reads one back only when <c>type</c> is registered in the <see cref="LayerRegistry"/>. Types are
/// never looked up by their text, so an untrusted description cannot create a type the application did not register.
/// A <see cref="Lambda"/> is written as its layer name and function name and read back as the registered Lambda.
/// </summary>
internal sealed class LayerJsonConverter(LayerRegistry registry) : JsonConverter<Layer>
{
    private const string TypeProperty = "type";
    private const string FunctionProperty = "function";

    public override Layer Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException($"A layer must be a JSON object, got {root.ValueKind}.");
        if (!root.TryGetProperty(TypeProperty, out JsonElement typeElement) || typeElement.ValueKind != JsonValueKind.String)
            throw new JsonException("A layer has no \"type\" string naming its layer type.");
        string type = typeElement.GetString()!;
        string? name = root.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        string layer = name is null ? "an unnamed layer" : $"layer '{name}'";
        if (type == nameof(Lambda)) return ReadLambda(root, name, layer);

        Type clrType = registry.FindType(type) ?? throw new ModelBuildException(
            $"The model description names the layer type '{type}' ({layer}), which is not registered: a description is read " +
            $"only into the library's layers and the types the application registers. If '{type}' is your layer, register it: " +
            $"new LayerRegistry().Register<{Identifier(type)}>(), and pass the registry to Model.FromJson(json, registry).");
        JsonObject properties = JsonObject.Create(root)!;
        properties.Remove(TypeProperty);
        return (Layer?)properties.Deserialize(clrType, options) ?? throw new JsonException($"The {type} {layer} is null.");
    }

    public override void Write(Utf8JsonWriter writer, Layer value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(TypeProperty, value.TypeName);
        if (value is Lambda lambda)
        {
            if (lambda.Name is not null) writer.WriteString("name", lambda.Name);
            writer.WriteString(FunctionProperty, lambda.FunctionName);
        }
        else
        {
            JsonElement properties = JsonSerializer.SerializeToElement(value, value.GetType(), options);
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                if (property.NameEquals(TypeProperty))
                    throw new ModelBuildException($"Layer type {value.TypeName} has a property that JSON names \"type\", which descriptions reserve for the layer type; rename it or mark it [JsonIgnore].");
                property.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }

    private Lambda ReadLambda(JsonElement root, string? name, string layer)
    {
        if (!root.TryGetProperty(FunctionProperty, out JsonElement f) || f.ValueKind != JsonValueKind.String)
            throw new JsonException($"The Lambda {layer} has no \"function\" string naming its function.");
        string function = f.GetString()!;
        Lambda registered = registry.FindLambda(function) ?? throw new ModelBuildException(
            $"The model description has a Lambda ({layer}) with the function '{function}', which is not registered: a function " +
            $"cannot be stored in JSON, so the application registers each Lambda by name: " +
            $"new LayerRegistry().Register(new Lambda(\"{function}\", ...)), and passes the registry to Model.FromJson(json, registry).");
        return registered with { Name = name };
    }

    /// <summary>The type name as it would be written in C#, or a placeholder when the text is not an identifier.</summary>
    private static string Identifier(string type) =>
        type.Length > 0 && (char.IsLetter(type[0]) || type[0] == '_') && type.All(c => char.IsLetterOrDigit(c) || c == '_') ? type : "YourLayer";
}
