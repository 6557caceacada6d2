using System.Runtime.InteropServices;
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
/// Exported layers: Input, Dense (any rank), Activation and the activations of weighted layers (all kinds but PRelu),
/// Dropout, AlphaDropout, Flatten, Reshape, BatchNormalization, Add, Subtract, Multiply, Concatenate.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the files use.</summary>
    public const int Opset = 17;

    private const int FloatType = 1;
    private const int Int64Type = 7;

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
        var initializers = new List<OnnxProto>();
        var emit = new Emitter(graph, initializers, weights);
        var shapes = model.Layers.ToDictionary(l => l.Id, l => l.OutputShape);
        foreach (LayerInfo info in model.Layers)
        {
            if (info.Layer is Input) continue;
            emit.Layer(info, info.Inputs.Select(i => shapes[i]).ToArray(), model.Description.Preset);
        }
        foreach (var init in initializers) graph.Message(5, init);
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
        bool supported = layer switch
        {
            Input or Dropout or AlphaDropout or Flatten or Reshape or BatchNormalization or Add or Subtract or Multiply or Concatenate => true,
            Dense d => d.Activation?.Kind != ActivationKind.PRelu,
            Activation a => a.Kind != ActivationKind.PRelu,
            _ => false,
        };
        if (!supported)
            throw new NotSupportedException(
                $"Model '{model}': layer '{layer.Name}' ({layer.TypeName}) cannot be exported to ONNX yet; nothing was written. " +
                "Exported layers: Input, Dense, Activation (not PRelu), Dropout, AlphaDropout, Flatten, Reshape, BatchNormalization, Add, Subtract, Multiply, Concatenate.");
    }

    private sealed class Emitter(OnnxProto graph, List<OnnxProto> initializers, Dictionary<string, Tensor> weights)
    {
        // A shared layer's further calls (name@k) reuse the initializers of its first call.
        private readonly HashSet<string> written = new(StringComparer.Ordinal);

        public void Layer(LayerInfo info, Shape[] inputShapes, InitPreset preset)
        {
            string id = info.Id, name = info.Layer.Name!;
            string[] x = info.Inputs.ToArray();
            switch (info.Layer)
            {
                case Dropout or AlphaDropout:
                    Node("Identity", id, x, [id]);
                    break;
                case Flatten:
                    Node("Flatten", id, x, [id], OnnxProto.IntAttribute("axis", 1));
                    break;
                case Reshape:
                    Node("Reshape", id, [x[0], Int64Constant($"{id}/shape", [-1, .. info.OutputShape.Dimensions.Select(d => (long)d)])], [id]);
                    break;
                case Concatenate c:
                    Node("Concat", id, x, [id], OnnxProto.IntAttribute("axis", c.Axis < 0 ? c.Axis : c.Axis + 1));
                    break;
                case Add or Subtract or Multiply:
                    string op = info.Layer switch { Add => "Add", Subtract => "Sub", _ => "Mul" };
                    string acc = x[0];
                    for (int k = 1; k < x.Length; k++)
                    {
                        string result = k == x.Length - 1 ? id : $"{id}/{op.ToLowerInvariant()}{k}";
                        Node(op, $"{id}/{k}", [acc, x[k]], [result]);
                        acc = result;
                    }
                    break;
                case BatchNormalization bn:
                    long channels = inputShapes[0][0];
                    string Stat(string key, float fill) => weights.ContainsKey($"{name}.{key}") ? Weight($"{name}.{key}") : Float($"{name}.{key}", full(channels, fill, dtype: float32));
                    double epsilon = bn.Epsilon ?? (preset == InitPreset.Keras ? 1e-3 : 1e-5);
                    Node("BatchNormalization", id, [x[0], Stat("weight", 1), Stat("bias", 0), Weight($"{name}.running_mean"), Weight($"{name}.running_var")],
                        [id], OnnxProto.FloatAttribute("epsilon", (float)epsilon));
                    break;
                case Dense d:
                    string weight = Float($"{name}.weight_transposed", weights[$"{name}.weight"].t());
                    string linear = d.Activation is null || d.Activation.Kind == ActivationKind.Linear ? id : $"{id}/linear";
                    if (d.UseBias)
                    {
                        Node("MatMul", $"{id}/matmul", [x[0], weight], [$"{id}/matmul"]);
                        Node("Add", $"{id}/bias", [$"{id}/matmul", Weight($"{name}.bias")], [linear]);
                    }
                    else Node("MatMul", $"{id}/matmul", [x[0], weight], [linear]);
                    if (linear != id) ActivationNodes(d.Activation!, $"{id}/activation", linear, id, softmaxAxis: -1);
                    break;
                case Activation a:
                    int axis = a.Axis is { } ax ? (ax < 0 ? inputShapes[0].Rank + ax : ax) : 0;
                    ActivationNodes(a, id, x[0], id, softmaxAxis: axis + 1);
                    break;
                default:
                    throw new InvalidOperationException($"Layer '{name}' ({info.Layer.TypeName}) passed the export check but has no ONNX form.");
            }
        }

        private void ActivationNodes(Activation a, string id, string input, string output, long softmaxAxis)
        {
            switch (a.Kind)
            {
                case ActivationKind.Linear: Node("Identity", id, [input], [output]); break;
                case ActivationKind.Relu: Node("Relu", id, [input], [output]); break;
                case ActivationKind.LeakyRelu: Node("LeakyRelu", id, [input], [output], OnnxProto.FloatAttribute("alpha", (float)a.Alpha)); break;
                case ActivationKind.Elu: Node("Elu", id, [input], [output], OnnxProto.FloatAttribute("alpha", (float)a.Alpha)); break;
                case ActivationKind.Selu: Node("Selu", id, [input], [output]); break;
                case ActivationKind.Sigmoid: Node("Sigmoid", id, [input], [output]); break;
                case ActivationKind.Tanh: Node("Tanh", id, [input], [output]); break;
                case ActivationKind.Softmax: Node("Softmax", id, [input], [output], OnnxProto.IntAttribute("axis", softmaxAxis)); break;
                case ActivationKind.Softplus: Node("Softplus", id, [input], [output]); break;
                case ActivationKind.Swish:
                    Node("Sigmoid", $"{id}/sigmoid", [input], [$"{id}/sigmoid"]);
                    Node("Mul", id, [input, $"{id}/sigmoid"], [output]);
                    break;
                case ActivationKind.Gelu:
                    // Opset 17 has no Gelu: the exact (erf) form torch uses, 0.5 x (1 + erf(x / sqrt 2)).
                    Node("Div", $"{id}/scaled", [input, Scalar($"{id}/sqrt2", MathF.Sqrt(2))], [$"{id}/scaled"]);
                    Node("Erf", $"{id}/erf", [$"{id}/scaled"], [$"{id}/erf"]);
                    Node("Add", $"{id}/one_plus", [$"{id}/erf", Scalar($"{id}/one", 1)], [$"{id}/one_plus"]);
                    Node("Mul", $"{id}/times_x", [input, $"{id}/one_plus"], [$"{id}/times_x"]);
                    Node("Mul", id, [$"{id}/times_x", Scalar($"{id}/half", 0.5f)], [output]);
                    break;
                default:
                    throw new InvalidOperationException($"Activation {a.Kind} has no ONNX form.");
            }
        }

        private void Node(string op, string name, string[] inputs, string[] outputs, params OnnxProto[] attributes)
        {
            var node = new OnnxProto();
            foreach (string i in inputs) node.String(1, i);
            foreach (string o in outputs) node.String(2, o);
            node.String(3, name).String(4, op);
            foreach (var a in attributes) node.Message(5, a);
            graph.Message(1, node);
        }

        private string Weight(string key) => weights.TryGetValue(key, out Tensor? t) ? Float(key, t)
            : throw new InvalidOperationException($"The model has no weight '{key}' to export.");

        private string Float(string name, Tensor tensor)
        {
            if (!written.Add(name)) return name;
            using var values = tensor.detach().to(float32).cpu().contiguous();
            float[] data = values.data<float>().ToArray();
            initializers.Add(OnnxProto.Tensor(name, values.shape, FloatType, MemoryMarshal.AsBytes(data.AsSpan()).ToArray()));
            return name;
        }

        private string Scalar(string name, float value)
        {
            initializers.Add(OnnxProto.Tensor(name, [], FloatType, BitConverter.GetBytes(value)));
            return name;
        }

        private string Int64Constant(string name, long[] values)
        {
            initializers.Add(OnnxProto.Tensor(name, [values.Length], Int64Type, MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
            return name;
        }
    }
}
