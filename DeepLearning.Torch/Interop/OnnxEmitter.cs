using System.Runtime.InteropServices;
using DeepLearning.Torch.Layers;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Interop;

/// <summary>
/// Writes the ONNX nodes and initializers of one layer at a time (eval-mode forward pass), reading the weights from
/// the model's state dict. Blocks (ResidualBlock, InceptionBlock, SeparableConv2D, TimeDistributed,
/// TransformerEncoderBlock) are written as the layers they are made of, with their weights under the block's prefix.
/// Value and node names of a layer's intermediate results start with the layer's node id and a slash.
/// </summary>
internal sealed partial class OnnxEmitter(Dictionary<string, Tensor> weights, InitPreset preset)
{
    private const int FloatType = 1;
    private const int Int64Type = 7;
    private const int BoolType = 9;
    private const int DoubleType = 11;

    // A shared layer's further calls (name@k) reuse the initializers of its first call.
    private readonly HashSet<string> written = new(StringComparer.Ordinal);

    /// <summary>The NodeProto messages, in topological order.</summary>
    public List<OnnxProto> Nodes { get; } = [];

    /// <summary>The TensorProto initializers.</summary>
    public List<OnnxProto> Initializers { get; } = [];

    /// <summary>The layer kinds written, for the refusal message.</summary>
    public const string Exported =
        "Input, Dense, Activation (every kind), Dropout, AlphaDropout, Flatten, Reshape, BatchNormalization, LayerNormalization, " +
        "Add, Subtract, Multiply, Concatenate, Conv1D, Conv2D, DepthwiseConv2D, SeparableConv2D, MaxPooling2D, AveragePooling2D, " +
        "GlobalAveragePooling1D/2D, GlobalMaxPooling1D/2D, GlobalSumPooling1D (with or without a mask), Embedding, ResidualBlock, " +
        "InceptionBlock, TimeDistributed (of an exported layer), MultiHeadAttention, TransformerEncoderBlock, Masking, LSTM, GRU (with or without a mask), " +
        "ParticleFlowBlock, EdgeConvBlock, ParticleAttentionBlock, ParticlePairFeatures";

    /// <summary>Whether <paramref name="layer"/> has an ONNX form here.</summary>
    public static bool Supports(Layer layer) => layer switch
    {
        Input or Dropout or AlphaDropout or Flatten or Reshape or BatchNormalization or LayerNormalization => true,
        Add or Subtract or Multiply or Concatenate or Activation or Dense or Conv1D or Conv2D or DepthwiseConv2D or SeparableConv2D => true,
        MaxPooling2D or AveragePooling2D or GlobalAveragePooling2D or GlobalMaxPooling2D => true,
        GlobalAveragePooling1D or GlobalMaxPooling1D or GlobalSumPooling1D => true,
        Embedding or ResidualBlock or InceptionBlock or MultiHeadAttention or TransformerEncoderBlock => true,
        Masking or LSTM or GRU or ParticleFlowBlock or EdgeConvBlock or ParticleAttentionBlock or ParticlePairFeatures => true,
        TimeDistributed t => Supports(t.Layer),
        _ => false,
    };

    /// <summary>
    /// Writes <paramref name="layer"/> reading the values <paramref name="x"/> (sample shapes <paramref name="shapes"/>)
    /// into the value <paramref name="id"/>; its weights are <c>key.*</c> in the state dict.
    /// </summary>
    public void Layer(Layer layer, string key, string[] x, Shape[] shapes, string id)
    {
        switch (layer)
        {
            case Dropout or AlphaDropout:
                Node("Identity", id, x, [id]);
                break;
            case Flatten:
                Node("Flatten", id, x, [id], OnnxProto.IntAttribute("axis", 1));
                break;
            case Reshape:
                Shape target = layer.Apply(shapes, id);
                Node("Reshape", id, [x[0], Int64Constant($"{id}/shape", [-1, .. target.Dimensions.Select(d => (long)d)])], [id]);
                break;
            case Concatenate c:
                Node("Concat", id, x, [id], OnnxProto.IntAttribute("axis", c.Axis < 0 ? c.Axis : c.Axis + 1));
                break;
            case Add or Subtract or Multiply:
                string op = layer switch { Add => "Add", Subtract => "Sub", _ => "Mul" };
                string acc = x[0];
                for (int k = 1; k < x.Length; k++)
                {
                    string result = k == x.Length - 1 ? id : $"{id}/{op.ToLowerInvariant()}{k}";
                    Node(op, $"{id}/{k}", [acc, x[k]], [result]);
                    acc = result;
                }
                break;
            case BatchNormalization bn:
                BatchNorm(key, x[0], id, shapes[0][0], bn.Epsilon);
                break;
            case LayerNormalization ln:
                LayerNorm(key, x[0], id, shapes[0][-1], ln.Epsilon);
                break;
            case Dense d:
                DenseNodes(key, x[0], id, d.Activation, shapes[0].Rank);
                break;
            case Activation a:
                int axis = a.Axis is { } ax ? (ax < 0 ? shapes[0].Rank + ax : ax) : 0;
                ActivationNodes(a, id, x[0], id, axis, shapes[0].Rank, $"{key}.weight");
                break;
            case Conv1D c:
                Conv(key, x[0], id, shapes[0], [c.Kernel], [c.Strides], c.Dilation, c.Groups, c.Padding, c.Activation, $"{key}.activation");
                break;
            case Conv2D c:
                Conv(key, x[0], id, shapes[0], [c.Kernel.Height, c.Kernel.Width], [c.Strides.Height, c.Strides.Width], c.Dilation, c.Groups,
                    c.Padding, c.Activation, $"{key}.activation");
                break;
            case DepthwiseConv2D d:
                Conv(key, x[0], id, shapes[0], [d.Kernel, d.Kernel], [d.Strides, d.Strides], d.Dilation, shapes[0][0], d.Padding,
                    d.Activation, $"{key}.activation");
                break;
            case SeparableConv2D s:
                Conv($"{key}.depthwise", x[0], $"{id}/depthwise", shapes[0], [s.Kernel, s.Kernel], [s.Strides, s.Strides], s.Dilation,
                    shapes[0][0], s.Padding, null, "");
                Shape middle = new([shapes[0][0] * s.DepthMultiplier, .. layer.Apply(shapes, id).Dimensions.Skip(1)]);
                Conv($"{key}.pointwise", $"{id}/depthwise", id, middle, [1, 1], [1, 1], 1, 1, PaddingMode.Valid, s.Activation,
                    $"{key}.pointwise.activation");
                break;
            case Pooling2D p:
                Pool(p, x[0], id, shapes[0]);
                break;
            case GlobalAveragePooling2D:
                Node("ReduceMean", id, x, [id], OnnxProto.IntsAttribute("axes", [2, 3]), OnnxProto.IntAttribute("keepdims", 0));
                break;
            case GlobalMaxPooling2D:
                Node("ReduceMax", id, x, [id], OnnxProto.IntsAttribute("axes", [2, 3]), OnnxProto.IntAttribute("keepdims", 0));
                break;
            case GlobalPooling1D g:
                GlobalPool1D(g, x, id);
                break;
            case Embedding:
                Node("Cast", $"{id}/indices", [x[0]], [$"{id}/indices"], OnnxProto.IntAttribute("to", Int64Type));
                Node("Gather", id, [Weight($"{key}.weight"), $"{id}/indices"], [id], OnnxProto.IntAttribute("axis", 0));
                break;
            case ResidualBlock r:
                Residual(r, key, x[0], id, shapes[0]);
                break;
            case InceptionBlock i:
                Inception(i, key, x[0], id, shapes[0]);
                break;
            case TimeDistributed t:
                Shape entry = new([.. shapes[0].Dimensions.Skip(1)]);
                Shape inner = t.Layer.Apply([entry], id);
                Node("Reshape", $"{id}/merged", [x[0], Int64Constant($"{id}/merged_shape", [-1, .. entry.Dimensions.Select(d => (long)d)])], [$"{id}/merged"]);
                Layer(t.Layer, $"{key}.layer", [$"{id}/merged"], [entry], $"{id}/layer");
                Node("Reshape", id, [$"{id}/layer", Int64Constant($"{id}/split_shape", [-1, shapes[0][0], .. inner.Dimensions.Select(d => (long)d)])], [id]);
                break;
            case MultiHeadAttention m:
                Attention(m.Heads, m.KeyDim, key, x, shapes, id);
                break;
            case TransformerEncoderBlock e:
                Encoder(e, key, x, shapes, id);
                break;
            case Masking m:
                MaskingNodes(m, x[0], id);
                break;
            case Recurrent r:
                RecurrentNodes(r, key, x, shapes[0], id);
                break;
            case ParticleFlowBlock f:
                ParticleFlow(f, key, x, shapes[0], id);
                break;
            case EdgeConvBlock e:
                EdgeConv(e, key, x, shapes, id);
                break;
            case ParticleAttentionBlock a:
                ParticleAttention(a, key, x, shapes, id);
                break;
            case ParticlePairFeatures:
                PairFeatures(x, shapes[0], id);
                break;
            default:
                throw new InvalidOperationException($"Layer '{key}' ({layer.GetType().Name}) passed the export check but has no ONNX form.");
        }
    }

    private double Epsilon(double? given) => given ?? (preset == InitPreset.Keras ? 1e-3 : 1e-5);

    private void BatchNorm(string key, string x, string output, long channels, double? epsilon)
    {
        string Stat(string name, float fill) => weights.ContainsKey($"{key}.{name}") ? Weight($"{key}.{name}") : Float($"{key}.{name}", full(channels, fill, dtype: float32));
        Node("BatchNormalization", output, [x, Stat("weight", 1), Stat("bias", 0), Weight($"{key}.running_mean"), Weight($"{key}.running_var")],
            [output], OnnxProto.FloatAttribute("epsilon", (float)Epsilon(epsilon)));
    }

    private void LayerNorm(string key, string x, string output, long features, double? epsilon)
    {
        string scale = weights.ContainsKey($"{key}.weight") ? Weight($"{key}.weight") : Float($"{key}.weight", ones(features, dtype: float32));
        string[] inputs = weights.ContainsKey($"{key}.bias") ? [x, scale, Weight($"{key}.bias")] : [x, scale];
        Node("LayerNormalization", output, inputs, [output], OnnxProto.IntAttribute("axis", -1), OnnxProto.FloatAttribute("epsilon", (float)Epsilon(epsilon)));
    }

    private void DenseNodes(string key, string x, string output, Activation? activation, int sampleRank)
    {
        string weight;
        using (Tensor transposed = weights[$"{key}.weight"].t()) weight = Float($"{key}.weight_transposed", transposed);
        string linear = IsIdentity(activation) ? output : $"{output}/linear";
        if (weights.ContainsKey($"{key}.bias"))
        {
            Node("MatMul", $"{output}/matmul", [x, weight], [$"{output}/matmul"]);
            Node("Add", $"{output}/bias", [$"{output}/matmul", Weight($"{key}.bias")], [linear]);
        }
        else Node("MatMul", $"{output}/matmul", [x, weight], [linear]);
        if (linear != output) ActivationNodes(activation!, $"{output}/activation", linear, output, sampleRank - 1, sampleRank, $"{key}.activation.weight");
    }

    private static bool IsIdentity(Activation? activation) => activation is null || activation.Kind == ActivationKind.Linear;

    /// <summary>A Conv node with the library's padding (ConvGeometry, asymmetric for Same), then the activation.</summary>
    private void Conv(string key, string x, string output, Shape input, int[] kernel, int[] strides, int dilation, long groups,
        PaddingMode padding, Activation? activation, string activationKey)
    {
        var axes = kernel.Select((k, i) => ConvGeometry.Compute(input[i + 1], k, strides[i], dilation, padding, key, "kernel")).ToArray();
        string[] inputs = weights.ContainsKey($"{key}.bias") ? [x, Weight($"{key}.weight"), Weight($"{key}.bias")] : [x, Weight($"{key}.weight")];
        string conv = IsIdentity(activation) ? output : $"{output}/conv";
        Node("Conv", conv, inputs, [conv],
            OnnxProto.IntsAttribute("kernel_shape", kernel.Select(k => (long)k)),
            OnnxProto.IntsAttribute("strides", strides.Select(s => (long)s)),
            OnnxProto.IntsAttribute("dilations", kernel.Select(_ => (long)dilation)),
            OnnxProto.IntsAttribute("pads", [.. axes.Select(a => (long)a.PadBefore), .. axes.Select(a => (long)a.PadAfter)]),
            OnnxProto.IntAttribute("group", groups));
        if (conv != output) ActivationNodes(activation!, $"{output}/activation", conv, output, 0, input.Rank, $"{activationKey}.weight");
    }

    private void Pool(Pooling2D p, string x, string output, Shape input)
    {
        Size2D step = p.Strides ?? p.PoolSize;
        var h = ConvGeometry.Compute(input[1], p.PoolSize.Height, step.Height, 1, p.Padding, output, "pool height");
        var w = ConvGeometry.Compute(input[2], p.PoolSize.Width, step.Width, 1, p.Padding, output, "pool width");
        var attributes = new List<OnnxProto>
        {
            OnnxProto.IntsAttribute("kernel_shape", [p.PoolSize.Height, p.PoolSize.Width]),
            OnnxProto.IntsAttribute("strides", [step.Height, step.Width]),
            OnnxProto.IntsAttribute("pads", [h.PadBefore, w.PadBefore, h.PadAfter, w.PadAfter]),
        };
        // The library's Same average divides by the number of real (unpadded) elements in each window.
        if (p is AveragePooling2D) attributes.Add(OnnxProto.IntAttribute("count_include_pad", 0));
        Node(p is MaxPooling2D ? "MaxPool" : "AveragePool", output, [x], [output], [.. attributes]);
    }

    private void GlobalPool1D(GlobalPooling1D g, string[] x, string output)
    {
        long dim = (g.Axis < 0 ? g.Axis + 2 : g.Axis) + 1;
        OnnxProto[] reduce = [OnnxProto.IntsAttribute("axes", [dim]), OnnxProto.IntAttribute("keepdims", 0)];
        if (x.Length == 1)
        {
            switch (g)
            {
                case GlobalAveragePooling1D: Node("ReduceMean", output, x, [output], reduce); break;
                case GlobalMaxPooling1D: Node("ReduceMax", output, x, [output], reduce); break;
                default: Node("ReduceSum", output, [x[0], Int64Constant($"{output}/axes", [dim])], [output], OnnxProto.IntAttribute("keepdims", 0)); break;
            }
            return;
        }
        // Mask (N, steps): true where != 0, unsqueezed to (N, steps, 1) when pooling rows, (N, 1, length) for columns.
        string p = output;
        Node("Equal", $"{p}/mask_zero", [x[1], Scalar($"{p}/zero", 0)], [$"{p}/mask_zero"]);
        Node("Not", $"{p}/mask_bool", [$"{p}/mask_zero"], [$"{p}/mask_bool"]);
        Node("Unsqueeze", $"{p}/mask", [$"{p}/mask_bool", Int64Constant($"{p}/mask_axis", [3 - dim])], [$"{p}/mask"]);
        string axes = Int64Constant($"{p}/axes", [dim]);
        switch (g)
        {
            case GlobalMaxPooling1D:
                // Padding rows are -inf and never win; a sample without real rows gives 0.
                Node("Where", $"{p}/filled", [$"{p}/mask", x[0], Scalar($"{p}/minus_inf", float.NegativeInfinity)], [$"{p}/filled"]);
                Node("ReduceMax", $"{p}/max", [$"{p}/filled"], [$"{p}/max"], reduce);
                Node("Cast", $"{p}/mask_float", [$"{p}/mask"], [$"{p}/mask_float"], OnnxProto.IntAttribute("to", FloatType));
                Node("ReduceMax", $"{p}/any_float", [$"{p}/mask_float"], [$"{p}/any_float"], reduce);
                Node("Greater", $"{p}/any", [$"{p}/any_float", $"{p}/zero"], [$"{p}/any"]);
                Node("Where", output, [$"{p}/any", $"{p}/max", $"{p}/zero"], [output]);
                break;
            default:
                Node("Where", $"{p}/filled", [$"{p}/mask", x[0], $"{p}/zero"], [$"{p}/filled"]);
                string sum = g is GlobalSumPooling1D ? output : $"{p}/sum";
                Node("ReduceSum", sum, [$"{p}/filled", axes], [sum], OnnxProto.IntAttribute("keepdims", 0));
                if (g is GlobalSumPooling1D) break;
                // The sum over the number of real rows, at least 1 (an empty sample gives zeros).
                Node("Cast", $"{p}/mask_float", [$"{p}/mask"], [$"{p}/mask_float"], OnnxProto.IntAttribute("to", FloatType));
                Node("ReduceSum", $"{p}/count", [$"{p}/mask_float", axes], [$"{p}/count"], OnnxProto.IntAttribute("keepdims", 0));
                Node("Max", $"{p}/count_at_least_one", [$"{p}/count", Scalar($"{p}/one", 1)], [$"{p}/count_at_least_one"]);
                Node("Div", output, [sum, $"{p}/count_at_least_one"], [output]);
                break;
        }
    }

    private void Residual(ResidualBlock r, string key, string x, string output, Shape input)
    {
        Shape shape = r.Apply([input], output);
        string Step(string part, string from, Shape at, int kernel, int strides)
        {
            Conv($"{key}.{part}", from, $"{output}/{part}", at, [kernel, kernel], [strides, strides], 1, 1, PaddingMode.Same, null, "");
            return $"{output}/{part}";
        }
        string Norm(string part, string from)
        {
            if (!r.BatchNormalization) return from;
            BatchNorm($"{key}.{part}", from, $"{output}/{part}", shape[0], null);
            return $"{output}/{part}";
        }
        string main = Norm("bn1", Step("conv1", x, input, r.Kernel, r.Strides));
        ActivationNodes(r.Activation, $"{output}/activation1", main, $"{output}/activation1", 0, 3, $"{key}.activation1.weight");
        main = Norm("bn2", Step("conv2", $"{output}/activation1", shape, r.Kernel, 1));
        string shortcut = r.Strides != 1 || input[0] != r.Filters ? Norm("shortcut_bn", Step("shortcut_conv", x, input, 1, r.Strides)) : x;
        Node("Add", $"{output}/sum", [main, shortcut], [$"{output}/sum"]);
        ActivationNodes(r.Activation, $"{output}/activation", $"{output}/sum", output, 0, 3, $"{key}.activation.weight");
    }

    private void Inception(InceptionBlock block, string key, string x, string output, Shape input)
    {
        var branches = new List<string>();
        string Step(string part, string from, Shape at, int kernel)
        {
            Conv($"{key}.{part}", from, $"{output}/{part}", at, [kernel, kernel], [1, 1], 1, 1, PaddingMode.Same, block.Activation,
                $"{key}.{part}.activation");
            return $"{output}/{part}";
        }
        string Reduced(string reduceName, int reduce, string name, int kernel) =>
            reduce == 0 ? Step(name, x, input, kernel) : Step(name, Step(reduceName, x, input, 1), new Shape(reduce, input[1], input[2]), kernel);
        if (block.Filters1x1 > 0) branches.Add(Step("branch1x1", x, input, 1));
        if (block.Filters3x3 > 0) branches.Add(Reduced("reduce3x3", block.Reduce3x3, "branch3x3", 3));
        if (block.Filters5x5 > 0) branches.Add(Reduced("reduce5x5", block.Reduce5x5, "branch5x5", 5));
        if (block.Pooling)
        {
            Pool(new MaxPooling2D(3, 1, PaddingMode.Same), x, $"{output}/pool", input);
            branches.Add(block.PoolProjection > 0 ? Step("pool_projection", $"{output}/pool", input, 1) : $"{output}/pool");
        }
        Node("Concat", output, [.. branches], [output], OnnxProto.IntAttribute("axis", 1));
    }

    /// <summary>Multi-head attention as the library computes it: inputs are the query, then optionally the key/value
    /// sequence (rank 2), a key-padding mask (rank 1) and an additive bias (rank 3), told apart by their ranks.</summary>
    private void Attention(int heads, int keyDim, string key, string[] x, Shape[] shapes, string output)
    {
        int next = 1;
        int? kv = null, mask = null, bias = null;
        if (next < shapes.Length && shapes[next].Rank == 2) kv = next++;
        if (next < shapes.Length && shapes[next].Rank == 1) mask = next++;
        if (next < shapes.Length && shapes[next].Rank == 3) bias = next;
        string query = x[0], keyValue = kv is { } k ? x[k] : x[0];
        long lq = shapes[0][0], lk = kv is { } k2 ? shapes[k2][0] : lq, inner = (long)heads * keyDim;
        string p = output;
        string Projection(string which, int index, string from, long steps, long[] perm)
        {
            using Tensor w = weights.TryGetValue($"{key}.in_proj_weight", out Tensor? packed)
                ? packed.narrow(0, index * inner, inner) : weights[$"{key}.{which}_proj_weight"].alias();
            using Tensor b = weights[$"{key}.in_proj_bias"].narrow(0, index * inner, inner);
            Node("MatMul", $"{p}/{which}_matmul", [from, Float($"{key}.{which}_weight_transposed", w.t())], [$"{p}/{which}_matmul"]);
            Node("Add", $"{p}/{which}_linear", [$"{p}/{which}_matmul", Float($"{key}.{which}_bias", b)], [$"{p}/{which}_linear"]);
            Node("Reshape", $"{p}/{which}_heads", [$"{p}/{which}_linear", Int64Constant($"{p}/{which}_heads_shape", [-1, steps, heads, keyDim])],
                [$"{p}/{which}_heads"]);
            Node("Transpose", $"{p}/{which}", [$"{p}/{which}_heads"], [$"{p}/{which}"], OnnxProto.IntsAttribute("perm", perm));
            return $"{p}/{which}";
        }
        string q = Projection("q", 0, query, lq, [0, 2, 1, 3]);              // (N, heads, Lq, keyDim)
        string kt = Projection("k", 1, keyValue, lk, [0, 2, 3, 1]);          // (N, heads, keyDim, Lk)
        string v = Projection("v", 2, keyValue, lk, [0, 2, 1, 3]);           // (N, heads, Lk, keyDim)
        Node("MatMul", $"{p}/qk", [q, kt], [$"{p}/qk"]);
        Node("Div", $"{p}/scores", [$"{p}/qk", Scalar($"{p}/sqrt_key_dim", (float)Math.Sqrt(keyDim))], [$"{p}/scores"]);
        string scores = $"{p}/scores";
        if (bias is { } bi)
        {
            Node("Add", $"{p}/biased", [scores, x[bi]], [$"{p}/biased"]);
            scores = $"{p}/biased";
        }
        if (mask is { } m)
        {
            Node("Reshape", $"{p}/mask", [x[m], Int64Constant($"{p}/mask_shape", [-1, 1, 1, lk])], [$"{p}/mask"]);
            Node("Equal", $"{p}/padding", [$"{p}/mask", Scalar($"{p}/zero", 0)], [$"{p}/padding"]);
            Node("Where", $"{p}/masked", [$"{p}/padding", Scalar($"{p}/minus_inf", float.NegativeInfinity), scores], [$"{p}/masked"]);
            scores = $"{p}/masked";
        }
        Node("Softmax", $"{p}/weights", [scores], [$"{p}/weights"], OnnxProto.IntAttribute("axis", -1));
        Node("MatMul", $"{p}/attended", [$"{p}/weights", v], [$"{p}/attended"]);
        Node("Transpose", $"{p}/steps_first", [$"{p}/attended"], [$"{p}/steps_first"], OnnxProto.IntsAttribute("perm", [0, 2, 1, 3]));
        Node("Reshape", $"{p}/concatenated", [$"{p}/steps_first", Int64Constant($"{p}/concatenated_shape", [-1, lq, inner])], [$"{p}/concatenated"]);
        DenseNodes($"{key}.out_proj", $"{p}/concatenated", output, null, 2);
    }

    private void Encoder(TransformerEncoderBlock e, string key, string[] x, Shape[] shapes, string output)
    {
        int features = shapes[0][-1];
        string p = output;
        LayerNorm($"{key}.norm1", x[0], $"{p}/norm1", features, e.Epsilon);
        Attention(e.Heads, e.KeyDim ?? Math.Max(1, features / e.Heads), $"{key}.self_attn", [$"{p}/norm1", .. x.Skip(1)],
            [shapes[0], .. shapes.Skip(1)], $"{p}/self_attn");
        Node("Add", $"{p}/residual1", [x[0], $"{p}/self_attn"], [$"{p}/residual1"]);
        LayerNorm($"{key}.norm2", $"{p}/residual1", $"{p}/norm2", features, e.Epsilon);
        DenseNodes($"{key}.linear1", $"{p}/norm2", $"{p}/linear1", Activation.Gelu, 2);
        DenseNodes($"{key}.linear2", $"{p}/linear1", $"{p}/linear2", null, 2);
        Node("Add", output, [$"{p}/residual1", $"{p}/linear2"], [output]);
    }

    /// <summary>The activation's nodes; <paramref name="channelAxis"/> is the softmax/PRelu axis within a sample of
    /// rank <paramref name="sampleRank"/>; PRelu's slopes are <paramref name="slopeKey"/>.</summary>
    private void ActivationNodes(Activation a, string id, string input, string output, int channelAxis, int sampleRank, string slopeKey)
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
            case ActivationKind.Softmax: Node("Softmax", id, [input], [output], OnnxProto.IntAttribute("axis", channelAxis + 1)); break;
            case ActivationKind.Softplus: Node("Softplus", id, [input], [output]); break;
            case ActivationKind.PRelu:
                // One slope per channel, broadcast over the axes after the channel axis.
                Tensor slope = weights.TryGetValue(slopeKey, out Tensor? s) ? s : throw new InvalidOperationException($"The model has no weight '{slopeKey}' to export.");
                long[] shape = [slope.shape[0], .. Enumerable.Repeat(1L, sampleRank - 1 - channelAxis)];
                using (Tensor view = slope.reshape(shape)) Node("PRelu", id, [input, Float(slopeKey, view)], [output]);
                break;
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
        Nodes.Add(node);
    }

    private string Weight(string key) => weights.TryGetValue(key, out Tensor? t) ? Float(key, t)
        : throw new InvalidOperationException($"The model has no weight '{key}' to export.");

    private string Float(string name, Tensor tensor)
    {
        if (!written.Add(name)) return name;
        using var values = tensor.detach().to(float32).cpu().contiguous();
        float[] data = values.data<float>().ToArray();
        Initializers.Add(OnnxProto.Tensor(name, values.shape, FloatType, MemoryMarshal.AsBytes(data.AsSpan()).ToArray()));
        return name;
    }

    private string Scalar(string name, float value)
    {
        if (written.Add(name)) Initializers.Add(OnnxProto.Tensor(name, [], FloatType, BitConverter.GetBytes(value)));
        return name;
    }

    private string DoubleScalar(string name, double value)
    {
        if (written.Add(name)) Initializers.Add(OnnxProto.Tensor(name, [], DoubleType, BitConverter.GetBytes(value)));
        return name;
    }

    private string Int64Scalar(string name, long value)
    {
        if (written.Add(name)) Initializers.Add(OnnxProto.Tensor(name, [], Int64Type, BitConverter.GetBytes(value)));
        return name;
    }

    /// <summary>A (1, n, n) bool initializer, true on the diagonal.</summary>
    private string Diagonal(string name, int n)
    {
        if (!written.Add(name)) return name;
        byte[] data = new byte[n * n];
        for (int i = 0; i < n; i++) data[i * n + i] = 1;
        Initializers.Add(OnnxProto.Tensor(name, [1, n, n], BoolType, data));
        return name;
    }

    private string Int64Constant(string name, long[] values)
    {
        if (written.Add(name)) Initializers.Add(OnnxProto.Tensor(name, [values.Length], Int64Type, MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
        return name;
    }
}
