using Google.Protobuf;

namespace DeepLearning.Torch.Interop;

/// <summary>
/// A minimal protobuf message writer for the few onnx.proto messages the exporter emits (ModelProto, GraphProto,
/// NodeProto, AttributeProto, TensorProto, ValueInfoProto). Field numbers follow onnx/onnx.proto (IR version 8).
/// </summary>
internal sealed class OnnxProto
{
    private readonly MemoryStream buffer = new();
    private readonly CodedOutputStream output;

    public OnnxProto() => output = new CodedOutputStream(buffer, leaveOpen: true);

    public OnnxProto Int64(int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
        return this;
    }

    public OnnxProto Float(int field, float value)
    {
        output.WriteTag(field, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
        return this;
    }

    public OnnxProto String(int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
        return this;
    }

    public OnnxProto Bytes(int field, byte[] value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public OnnxProto Message(int field, OnnxProto message) => Bytes(field, message.ToArray());

    public byte[] ToArray()
    {
        output.Flush();
        return buffer.ToArray();
    }

    /// <summary>AttributeProto of type INT (2).</summary>
    public static OnnxProto IntAttribute(string name, long value) => new OnnxProto().String(1, name).Int64(3, value).Int64(20, 2);

    /// <summary>AttributeProto of type FLOAT (1).</summary>
    public static OnnxProto FloatAttribute(string name, float value) => new OnnxProto().String(1, name).Float(2, value).Int64(20, 1);

    /// <summary>AttributeProto of type INTS (7).</summary>
    public static OnnxProto IntsAttribute(string name, IEnumerable<long> values)
    {
        var a = new OnnxProto().String(1, name);
        foreach (long v in values) a.Int64(8, v);
        return a.Int64(20, 7);
    }

    /// <summary>TensorProto with raw little-endian data: FLOAT (1), INT64 (7), BOOL (9, one byte each) or DOUBLE (11).</summary>
    public static OnnxProto Tensor(string name, IReadOnlyList<long> dims, int dataType, byte[] raw)
    {
        var t = new OnnxProto();
        foreach (long d in dims) t.Int64(1, d);
        return t.Int64(2, dataType).String(8, name).Bytes(9, raw);
    }

    /// <summary>ValueInfoProto of a float tensor whose first axis is the symbolic <paramref name="batchAxis"/>.</summary>
    public static OnnxProto FloatValueInfo(string name, string batchAxis, IReadOnlyList<int> sampleShape)
    {
        var shape = new OnnxProto().Message(1, new OnnxProto().String(2, batchAxis));
        foreach (int d in sampleShape) shape.Message(1, new OnnxProto().Int64(1, d));
        var tensorType = new OnnxProto().Int64(1, 1).Message(2, shape);
        return new OnnxProto().String(1, name).Message(2, new OnnxProto().Message(1, tensorType));
    }
}
