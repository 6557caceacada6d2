using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Interop;

/// <summary>
/// Writes a built <see cref="Model"/> (Sequential or functional graph) as an ONNX file for ONNX Runtime, hls4ml and
/// other deployment tools: opset <see cref="Opset"/>, IR version 8, float32, a dynamic batch axis named
/// <c>batch</c>, graph inputs and outputs named after the model's input and output nodes. The graph is the eval-mode
/// forward pass (Dropout is the identity, BatchNormalization uses its running statistics). Every layer is checked
/// before the file is opened: a layer ONNX export does not cover is refused by name and nothing is written.
/// Exported layers: every layer of the library ONNX expresses (the list is in docs/INTEROP.md and in the refusal
/// message): dense, convolution, pooling, normalization, embedding, merge and attention layers, Masking, LSTM and GRU,
/// the residual, inception and transformer blocks, the physics blocks (ParticleFlowBlock, EdgeConvBlock,
/// ParticleAttentionBlock, ParticlePairFeatures), and TimeDistributed of an exported layer. Lambda and custom layers
/// are refused.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the files use.</summary>
    public const int Opset = 17;

    /// <summary>Exports <paramref name="model"/> to <paramref name="path"/> (see <see cref="OnnxExporter"/>).</summary>
    /// <param name="model">The built model; its weights are read as they are now.</param>
    /// <param name="path">The .onnx file to write (overwritten).</param>
    /// <exception cref="NotSupportedException">A layer cannot be exported; the message names it. Nothing was written.</exception>
    public static void ExportOnnx(this Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Encode(model);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The ONNX ModelProto bytes of <paramref name="model"/>.</summary>
    /// <exception cref="NotSupportedException">A layer cannot be exported; the message names it.</exception>
    public static byte[] Encode(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (LayerInfo info in model.Layers) Refusal(info.Layer, model.Description.Name);
        var weights = model.state_dict();
        var graph = new OnnxProto().String(2, model.Description.Name);
        var emit = new OnnxEmitter(weights, model.Description.Preset);
        var shapes = model.Layers.ToDictionary(l => l.Id, l => l.OutputShape);
        foreach (LayerInfo info in model.Layers)
        {
            if (info.Layer is Input) continue;
            emit.Layer(info.Layer, info.Layer.Name!, info.Inputs.ToArray(), info.Inputs.Select(i => shapes[i]).ToArray(), info.Id);
        }
        foreach (var node in emit.Nodes) graph.Message(1, node);
        foreach (var init in emit.Initializers) graph.Message(5, init);
        for (int i = 0; i < model.InputShapes.Count; i++)
            graph.Message(11, OnnxProto.FloatValueInfo(model.Description.Inputs[i], "batch", model.InputShapes[i].Dimensions));
        for (int i = 0; i < model.OutputShapes.Count; i++)
            graph.Message(12, OnnxProto.FloatValueInfo(model.Description.Outputs[i], "batch", model.OutputShapes[i].Dimensions));
        return new OnnxProto()
            .Int64(1, 8)
            .String(2, "DeepLearning.Torch")
            .String(3, typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0")
            .Message(7, graph)
            .Message(8, new OnnxProto().String(1, "").Int64(2, Opset))
            .ToArray();
    }

    private static void Refusal(Layer layer, string model)
    {
        if (!OnnxEmitter.Supports(layer))
            throw new NotSupportedException(
                $"Model '{model}': layer '{layer.Name}' ({layer.TypeName}) cannot be exported to ONNX yet; nothing was written. " +
                $"Exported layers: {OnnxEmitter.Exported}.");
    }
}
