using DeepLearning.Torch.Layers;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Interop;

/// <summary>The physics blocks: ParticleFlowBlock, EdgeConvBlock, ParticleAttentionBlock, ParticlePairFeatures.</summary>
internal sealed partial class OnnxEmitter
{
    /// <summary>Deep Sets / PFN / EFN: Φ per particle, the (weighted, masked) sum over the particles, then F.</summary>
    private void ParticleFlow(ParticleFlowBlock f, string key, string[] x, Shape input, string output)
    {
        string p = output;
        string h = x[0];
        if (f.PhiFeatures is { } selected)
        {
            Node("Gather", $"{p}/phi_features", [h, Int64Constant($"{p}/phi_indices", [.. selected.Select(i => (long)i)])], [$"{p}/phi_features"],
                OnnxProto.IntAttribute("axis", 2));
            h = $"{p}/phi_features";
        }
        for (int i = 0; i < f.PhiUnits.Count; i++)
        {
            DenseNodes($"{key}.phi_{i + 1}", h, $"{p}/phi_{i + 1}", f.Activation, 2);
            h = $"{p}/phi_{i + 1}";
        }
        int expected = f.EnergyWeighted ? 2 : 1;
        string? weight = f.EnergyWeighted ? x[1] : null;
        if (x.Length > expected)
        {
            string real = MaskFloat(x[^1], p);
            if (weight is null) weight = real;
            else
            {
                Node("Mul", $"{p}/weight", [weight, real], [$"{p}/weight"]);
                weight = $"{p}/weight";
            }
        }
        string pooled = f.FUnits.Count == 0 ? output : $"{p}/sum";
        string summed = h;
        if (weight is not null)
        {
            Node("Unsqueeze", $"{p}/weight_column", [weight, Int64Constant($"{p}/feature_axis", [2])], [$"{p}/weight_column"]);
            Node("Mul", $"{p}/weighted", [h, $"{p}/weight_column"], [$"{p}/weighted"]);
            summed = $"{p}/weighted";
        }
        Node("ReduceSum", pooled, [summed, Int64Constant($"{p}/particle_axis", [1])], [pooled], OnnxProto.IntAttribute("keepdims", 0));
        for (int i = 0; i < f.FUnits.Count; i++)
        {
            string next = i == f.FUnits.Count - 1 ? output : $"{p}/f_{i + 1}";
            DenseNodes($"{key}.f_{i + 1}", pooled, next, f.Activation, 1);
            pooled = next;
        }
    }

    /// <summary>
    /// EdgeConv (eval mode): squared distances <c>|a|² + |b|² − 2 a·b</c> in the chosen coordinates, padded particles
    /// and the particle itself at +inf, <c>TopK</c> (smallest k), the neighbours gathered, edge features
    /// (xᵢ, xⱼ − xᵢ), the MLP with batch norm on the running statistics, the mean over the real neighbours, the
    /// shortcut, the activation, padded rows zeroed.
    /// </summary>
    private void EdgeConv(EdgeConvBlock e, string key, string[] x, Shape[] shapes, string output)
    {
        string p = output;
        int particles = shapes[0][0], features = shapes[0][1], k = e.K;
        int? coordinates = null, mask = null;
        int next = 1;
        if (next < shapes.Length && shapes[next].Rank == 2) coordinates = next++;
        if (next < shapes.Length && shapes[next].Rank == 1) mask = next;
        string? real = mask is { } m ? MaskFloat(x[m], p) : null;                                                      // (N, P) 0/1
        string points = x[0];
        if (coordinates is { } c) points = x[c];
        else if (e.CoordinateFeatures is { } selected)
        {
            Node("Gather", $"{p}/points", [x[0], Int64Constant($"{p}/coordinate_indices", [.. selected.Select(i => (long)i)])], [$"{p}/points"],
                OnnxProto.IntAttribute("axis", 2));
            points = $"{p}/points";
        }
        Node("Mul", $"{p}/points_squared", [points, points], [$"{p}/points_squared"]);
        Node("ReduceSum", $"{p}/squares", [$"{p}/points_squared", Int64Constant($"{p}/last_axis", [-1])], [$"{p}/squares"],
            OnnxProto.IntAttribute("keepdims", 0));
        Node("Unsqueeze", $"{p}/squares_i", [$"{p}/squares", Int64Constant($"{p}/axis2", [2])], [$"{p}/squares_i"]);
        Node("Unsqueeze", $"{p}/squares_j", [$"{p}/squares", Int64Constant($"{p}/axis1", [1])], [$"{p}/squares_j"]);
        Node("Transpose", $"{p}/points_t", [points], [$"{p}/points_t"], OnnxProto.IntsAttribute("perm", [0, 2, 1]));
        Node("MatMul", $"{p}/dot", [points, $"{p}/points_t"], [$"{p}/dot"]);
        Node("Add", $"{p}/square_sum", [$"{p}/squares_i", $"{p}/squares_j"], [$"{p}/square_sum"]);
        Node("Mul", $"{p}/dot2", [$"{p}/dot", Scalar($"{p}/two", 2)], [$"{p}/dot2"]);
        Node("Sub", $"{p}/distances", [$"{p}/square_sum", $"{p}/dot2"], [$"{p}/distances"]);
        string excluded = Diagonal($"{p}/self", particles);
        if (real is not null)
        {
            Node("Equal", $"{p}/padded", [real, Scalar($"{p}/zero", 0)], [$"{p}/padded"]);
            Node("Unsqueeze", $"{p}/padded_j", [$"{p}/padded", Int64Constant($"{p}/axis1", [1])], [$"{p}/padded_j"]);
            Node("Or", $"{p}/excluded", [$"{p}/padded_j", excluded], [$"{p}/excluded"]);
            excluded = $"{p}/excluded";
        }
        Node("Where", $"{p}/candidates", [excluded, Scalar($"{p}/plus_inf", float.PositiveInfinity), $"{p}/distances"], [$"{p}/candidates"]);
        Node("TopK", $"{p}/topk", [$"{p}/candidates", Int64Constant($"{p}/k", [k])], [$"{p}/nearest", $"{p}/neighbours"],
            OnnxProto.IntAttribute("axis", -1), OnnxProto.IntAttribute("largest", 0), OnnxProto.IntAttribute("sorted", 1));
        // Real edges: a finite distance (a real neighbour) from a real particle.
        Node("IsInf", $"{p}/infinite", [$"{p}/nearest"], [$"{p}/infinite"]);
        Node("Not", $"{p}/finite", [$"{p}/infinite"], [$"{p}/finite"]);
        string valid = $"{p}/finite_float";
        Node("Cast", valid, [$"{p}/finite"], [valid], OnnxProto.IntAttribute("to", FloatType));
        if (real is not null)
        {
            Node("Unsqueeze", $"{p}/real_i", [real, Int64Constant($"{p}/axis2", [2])], [$"{p}/real_i"]);
            Node("Mul", $"{p}/valid", [valid, $"{p}/real_i"], [$"{p}/valid"]);
            valid = $"{p}/valid";
        }
        // x_j: the neighbours' rows, gathered along the particles; x_i repeated k times.
        Node("Reshape", $"{p}/flat_neighbours", [$"{p}/neighbours", Int64Constant($"{p}/flat_shape", [-1, (long)particles * k, 1])], [$"{p}/flat_neighbours"]);
        Node("Expand", $"{p}/gather_indices", [$"{p}/flat_neighbours", Int64Constant($"{p}/gather_shape", [1, 1, features])], [$"{p}/gather_indices"]);
        Node("GatherElements", $"{p}/xj_flat", [x[0], $"{p}/gather_indices"], [$"{p}/xj_flat"], OnnxProto.IntAttribute("axis", 1));
        Node("Reshape", $"{p}/xj", [$"{p}/xj_flat", Int64Constant($"{p}/edge_shape", [-1, particles, k, features])], [$"{p}/xj"]);
        Node("Unsqueeze", $"{p}/x_column", [x[0], Int64Constant($"{p}/axis2", [2])], [$"{p}/x_column"]);
        Node("Expand", $"{p}/xi", [$"{p}/x_column", Int64Constant($"{p}/repeat_shape", [1, 1, k, 1])], [$"{p}/xi"]);
        Node("Sub", $"{p}/xj_minus_xi", [$"{p}/xj", $"{p}/xi"], [$"{p}/xj_minus_xi"]);
        Node("Concat", $"{p}/edges", [$"{p}/xi", $"{p}/xj_minus_xi"], [$"{p}/edges"], OnnxProto.IntAttribute("axis", -1));
        string h = $"{p}/edges";
        for (int i = 0; i < e.Channels.Count; i++)
        {
            DenseNodes($"{key}.mlp_{i + 1}", h, $"{p}/mlp_{i + 1}", null, 3);
            h = $"{p}/mlp_{i + 1}";
            if (e.BatchNormalization) h = MaskedBatchNorm($"{key}.bn_{i + 1}", h, $"{p}/bn_{i + 1}");
            ActivationNodes(e.Activation, $"{p}/activation_{i + 1}", h, $"{p}/activation_{i + 1}", 0, 3, "");
            h = $"{p}/activation_{i + 1}";
        }
        Node("ReduceSum", $"{p}/count_raw", [valid, Int64Constant($"{p}/neighbour_axis", [2])], [$"{p}/count_raw"], OnnxProto.IntAttribute("keepdims", 1));
        Node("Max", $"{p}/count", [$"{p}/count_raw", Scalar($"{p}/one", 1)], [$"{p}/count"]);
        Node("Unsqueeze", $"{p}/valid_column", [valid, Int64Constant($"{p}/axis3", [3])], [$"{p}/valid_column"]);
        Node("Mul", $"{p}/valid_edges", [h, $"{p}/valid_column"], [$"{p}/valid_edges"]);
        Node("ReduceSum", $"{p}/edge_sum", [$"{p}/valid_edges", Int64Constant($"{p}/neighbour_axis", [2])], [$"{p}/edge_sum"],
            OnnxProto.IntAttribute("keepdims", 0));
        Node("Div", $"{p}/aggregated", [$"{p}/edge_sum", $"{p}/count"], [$"{p}/aggregated"]);
        string shortcut = x[0];
        if (features != e.Channels[^1])
        {
            DenseNodes($"{key}.shortcut", x[0], $"{p}/shortcut", null, 2);
            shortcut = e.BatchNormalization ? MaskedBatchNorm($"{key}.shortcut_bn", $"{p}/shortcut", $"{p}/shortcut_bn") : $"{p}/shortcut";
        }
        Node("Add", $"{p}/sum", [shortcut, $"{p}/aggregated"], [$"{p}/sum"]);
        string activated = real is null ? output : $"{p}/activation";
        ActivationNodes(e.Activation, $"{p}/activation", $"{p}/sum", activated, 0, 2, "");
        if (real is null) return;
        Node("Unsqueeze", $"{p}/real_rows", [real, Int64Constant($"{p}/axis2", [2])], [$"{p}/real_rows"]);
        Node("Mul", output, [activated, $"{p}/real_rows"], [output]);
    }

    /// <summary>The masked batch norm in evaluation, as the module computes it: <c>(x − mean) / sqrt(var + ε) · γ + β</c>.</summary>
    private string MaskedBatchNorm(string key, string x, string output)
    {
        string std;
        using (Tensor s = weights[$"{key}.running_var"].add(Epsilon(null)).sqrt()) std = Float($"{key}.running_std", s);
        Node("Sub", $"{output}/centred", [x, Weight($"{key}.running_mean")], [$"{output}/centred"]);
        Node("Div", $"{output}/scaled", [$"{output}/centred", std], [$"{output}/scaled"]);
        Node("Mul", $"{output}/times_weight", [$"{output}/scaled", Weight($"{key}.weight")], [$"{output}/times_weight"]);
        Node("Add", output, [$"{output}/times_weight", Weight($"{key}.bias")], [output]);
        return output;
    }

    /// <summary>ParT's particle attention: the pair MLP to one bias per head, then the encoder block with the mask
    /// (a jet without real particles attends over all rows), padded rows zeroed.</summary>
    private void ParticleAttention(ParticleAttentionBlock a, string key, string[] x, Shape[] shapes, string output)
    {
        string p = output;
        int particles = shapes[0][0];
        string bias = x[1];
        for (int i = 0; i < a.PairUnits.Count; i++)
        {
            DenseNodes($"{key}.pair_{i + 1}", bias, $"{p}/pair_{i + 1}", Activation.Gelu, 3);
            bias = $"{p}/pair_{i + 1}";
        }
        DenseNodes($"{key}.pair_out", bias, $"{p}/pair_out", null, 3);
        Node("Transpose", $"{p}/bias", [$"{p}/pair_out"], [$"{p}/bias"], OnnxProto.IntsAttribute("perm", [0, 3, 1, 2]));   // (N, heads, P, P)
        var encoder = new TransformerEncoderBlock(a.Heads, a.KeyDim, a.MlpUnits, a.Dropout);
        var biasShape = new Shape(a.Heads, particles, particles);
        if (x.Length == 2)
        {
            Encoder(encoder, $"{key}.encoder", [x[0], $"{p}/bias"], [shapes[0], biasShape], output);
            return;
        }
        string real = MaskFloat(x[2], p);
        Node("ReduceMax", $"{p}/any_real", [real], [$"{p}/any_real"], OnnxProto.IntsAttribute("axes", [1]), OnnxProto.IntAttribute("keepdims", 1));
        Node("Sub", $"{p}/no_real", [Scalar($"{p}/one", 1), $"{p}/any_real"], [$"{p}/no_real"]);
        Node("Max", $"{p}/keys", [real, $"{p}/no_real"], [$"{p}/keys"]);
        Encoder(encoder, $"{key}.encoder", [x[0], $"{p}/keys", $"{p}/bias"], [shapes[0], new Shape(particles), biasShape], $"{p}/encoded");
        Node("Unsqueeze", $"{p}/real_rows", [real, Int64Constant($"{p}/feature_axis", [2])], [$"{p}/real_rows"]);
        Node("Mul", output, [$"{p}/encoded", $"{p}/real_rows"], [output]);
    }

    /// <summary>
    /// ParT's pairwise features in float64, as the layer computes them. Opset 17 has no Atan2, and ONNX Runtime's
    /// Atan is float32 only, so φ = atan2(py, px) is written in float64 from the half-angle identity
    /// <c>atan2(|y|, |x|) = 2 atan(|y| / (r + |x|))</c>, four more argument halvings and a Taylor series, then the
    /// quadrant from the signs (|error| ~1e-15).
    /// </summary>
    private void PairFeatures(string[] x, Shape input, string output)
    {
        string p = output;
        int particles = input[0];
        string D(string name, double value) => DoubleScalar($"{p}/{name}", value);
        string Op(string op, string name, params string[] inputs)
        {
            Node(op, $"{p}/{name}", inputs, [$"{p}/{name}"]);
            return $"{p}/{name}";
        }
        string Unsqueeze(string from, long axis) => Op("Unsqueeze", $"{from[(p.Length + 1)..]}_u{axis}", from, Int64Constant($"{p}/axis{axis}", [axis]));
        Node("Cast", $"{p}/v", [x[0]], [$"{p}/v"], OnnxProto.IntAttribute("to", DoubleType));
        string Component(string name, long index)
        {
            Node("Gather", $"{p}/{name}", [$"{p}/v", Int64Scalar($"{p}/index{index}", index)], [$"{p}/{name}"], OnnxProto.IntAttribute("axis", 2));
            return $"{p}/{name}";
        }
        string e = Component("e", 0), px = Component("px", 1), py = Component("py", 2), pz = Component("pz", 3);
        string floor = D("floor", 1e-8);
        string pt = Op("Sqrt", "pt", Op("Add", "pt2", Op("Mul", "px2", px, px), Op("Mul", "py2", py, py)));
        string real = x.Length > 1 ? MaskBool(x[1], p) : Op("Greater", "pt_positive", pt, D("zero", 0));
        string rapidity = Op("Mul", "rapidity", Op("Log", "log_ratio", Op("Div", "ratio", Op("Max", "e_plus", Op("Add", "e_plus_raw", e, pz), floor),
            Op("Max", "e_minus", Op("Sub", "e_minus_raw", e, pz), floor))), D("half", 0.5));
        // atan2(py, px): t = |y| / (r + |x|) in [0, 1], then atan(t) = 16 atan(t₄) with t ← t / (1 + sqrt(1 + t²)) four times.
        string ax = Op("Abs", "abs_px", px), ay = Op("Abs", "abs_py", py);
        string t = Op("Div", "t0", ay, Op("Max", "t0_denominator", Op("Add", "r_plus_x", pt, ax), D("tiny", 1e-300)));
        for (int i = 1; i <= 4; i++)
        {
            string root = Op("Sqrt", $"t{i}_root", Op("Add", $"t{i}_one_plus", D("one", 1), Op("Mul", $"t{i}_square", t, t)));
            t = Op("Div", $"t{i}", t, Op("Add", $"t{i}_denominator", D("one", 1), root));
        }
        string u = Op("Mul", "u", t, t);
        string series = D("c13", 1.0 / 13);
        for (int n = 5; n >= 0; n--)
            series = Op("Add", $"series{n}", D($"c{2 * n + 1}{(n % 2 == 1 ? "_neg" : "")}", (n % 2 == 1 ? -1.0 : 1.0) / (2 * n + 1)), Op("Mul", $"series{n}_u", u, series));
        string half = Op("Mul", "half_angle", Op("Mul", "atan_t", t, series), D("thirty_two", 32));      // atan2(|y|, |x|) = 2 · 16 · atan(t₄)
        string quadrant = Op("Where", "quadrant", Op("Less", "x_negative", px, D("zero", 0)), Op("Sub", "pi_minus", D("pi", Math.PI), half), half);
        string phi = Op("Where", "phi", Op("Less", "y_negative", py, D("zero", 0)), Op("Neg", "minus_quadrant", quadrant), quadrant);
        string dy = Op("Sub", "dy", Unsqueeze(rapidity, 2), Unsqueeze(rapidity, 1));
        // torch's remainder: fmod, then + 2π where the result is negative (the divisor is positive).
        string shifted = Op("Add", "dphi_shifted", Op("Sub", "dphi_raw", Unsqueeze(phi, 2), Unsqueeze(phi, 1)), D("pi", Math.PI));
        Node("Mod", $"{p}/dphi_fmod", [shifted, D("two_pi", 2 * Math.PI)], [$"{p}/dphi_fmod"], OnnxProto.IntAttribute("fmod", 1));
        string fmod = $"{p}/dphi_fmod";
        string wrapped = Op("Where", "dphi_wrapped", Op("Less", "fmod_negative", fmod, D("zero", 0)), Op("Add", "fmod_plus", fmod, D("two_pi", 2 * Math.PI)), fmod);
        string dphi = Op("Sub", "dphi", wrapped, D("pi", Math.PI));
        string delta = Op("Sqrt", "delta", Op("Add", "delta2", Op("Mul", "dy2", dy, dy), Op("Mul", "dphi2", dphi, dphi)));
        string ptI = Unsqueeze(pt, 2), ptJ = Unsqueeze(pt, 1);
        string ptMin = Op("Min", "pt_min", ptI, ptJ);
        string kt = Op("Mul", "kt", ptMin, delta);
        string z = Op("Div", "z", ptMin, Op("Max", "pt_sum", Op("Add", "pt_sum_raw", ptI, ptJ), floor));
        string sum = Op("Add", "p_sum", Unsqueeze($"{p}/v", 2), Unsqueeze($"{p}/v", 1));                      // (N, P, P, 4)
        Node("Gather", $"{p}/e_sum", [sum, Int64Scalar($"{p}/index0", 0)], [$"{p}/e_sum"], OnnxProto.IntAttribute("axis", 3));
        Node("Slice", $"{p}/p3_sum", [sum, Int64Constant($"{p}/slice_start", [1]), Int64Constant($"{p}/slice_end", [4]), Int64Constant($"{p}/axis3", [3])],
            [$"{p}/p3_sum"]);
        Node("ReduceSum", $"{p}/p3_squared", [Op("Mul", "p3_sum_squares", $"{p}/p3_sum", $"{p}/p3_sum"), Int64Constant($"{p}/axis3", [3])],
            [$"{p}/p3_squared"], OnnxProto.IntAttribute("keepdims", 0));
        string m2 = Op("Sub", "m2", Op("Mul", "e_sum2", $"{p}/e_sum", $"{p}/e_sum"), $"{p}/p3_squared");
        Node("Concat", $"{p}/stacked", [Unsqueeze(delta, 3), Unsqueeze(kt, 3), Unsqueeze(z, 3), Unsqueeze(m2, 3)], [$"{p}/stacked"],
            OnnxProto.IntAttribute("axis", 3));
        string features = Op("Log", "features", Op("Max", "clamped", $"{p}/stacked", floor));
        string pairs = Op("And", "pairs", Op("And", "both_real", Unsqueeze(real, 2), Unsqueeze(real, 1)), Op("Not", "off_diagonal", Diagonal($"{p}/self", particles)));
        Node("Cast", $"{p}/pairs_double", [pairs], [$"{p}/pairs_double"], OnnxProto.IntAttribute("to", DoubleType));
        string masked = Op("Mul", "masked", features, Unsqueeze($"{p}/pairs_double", 3));
        Node("Cast", output, [masked], [output], OnnxProto.IntAttribute("to", FloatType));
    }
}
