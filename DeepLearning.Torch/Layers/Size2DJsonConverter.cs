using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepLearning.Torch.Layers;

/// <summary>Writes a <see cref="Size2D"/> as a number when square, else as <c>[height, width]</c>; reads either.</summary>
internal sealed class Size2DJsonConverter : JsonConverter<Size2D>
{
    public override Size2D Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.GetInt32();
        int[]? sizes = JsonSerializer.Deserialize<int[]>(ref reader, options);
        if (sizes is not { Length: 2 }) throw new JsonException("A 2D size must be a number or an array [height, width].");
        return (sizes[0], sizes[1]);
    }

    public override void Write(Utf8JsonWriter writer, Size2D value, JsonSerializerOptions options)
    {
        if (value.IsSquare)
        {
            writer.WriteNumberValue(value.Height);
            return;
        }
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Height);
        writer.WriteNumberValue(value.Width);
        writer.WriteEndArray();
    }
}
