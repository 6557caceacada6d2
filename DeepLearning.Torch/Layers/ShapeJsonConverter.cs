using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepLearning.Torch.Layers;

/// <summary>Writes a <see cref="Shape"/> as a JSON array of integers and reads it back.</summary>
internal sealed class ShapeJsonConverter : JsonConverter<Shape>
{
    public override Shape Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        int[]? dims = JsonSerializer.Deserialize<int[]>(ref reader, options);
        if (dims is null) throw new JsonException("A shape must be an array of positive integers.");
        return new Shape(dims);
    }

    public override void Write(Utf8JsonWriter writer, Shape value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (int d in value.Dimensions) writer.WriteNumberValue(d);
        writer.WriteEndArray();
    }
}
