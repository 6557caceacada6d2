using DeepLearning.Torch.Layers;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Interop;

/// <summary>Masking and the recurrent layers (LSTM, GRU).</summary>
internal sealed partial class OnnxEmitter
{
    /// <summary>
    /// Masking: a row is real when any feature differs from the mask value. The library's mask is bool; in the ONNX
    /// graph it is float 0/1 (N, steps), the form every mask input takes (layers read a mask as <c>mask != 0</c>), so it
    /// can feed the masked layers and be a graph output declared float.
    /// </summary>
    private void MaskingNodes(Masking m, string x, string output)
    {
        string p = output;
        Node("Equal", $"{p}/is_mask_value", [x, Scalar($"{p}/mask_value", (float)m.MaskValue)], [$"{p}/is_mask_value"]);
        Node("Not", $"{p}/different", [$"{p}/is_mask_value"], [$"{p}/different"]);
        Node("Cast", $"{p}/different_float", [$"{p}/different"], [$"{p}/different_float"], OnnxProto.IntAttribute("to", FloatType));
        Node("ReduceMax", output, [$"{p}/different_float"], [output], OnnxProto.IntsAttribute("axes", [2]), OnnxProto.IntAttribute("keepdims", 0));
    }

    /// <summary>The mask value <paramref name="mask"/> as bool (true = real: <c>mask != 0</c>), named under <paramref name="p"/>.</summary>
    private string MaskBool(string mask, string p)
    {
        Node("Equal", $"{p}/mask_is_zero", [mask, Scalar($"{p}/mask_zero", 0)], [$"{p}/mask_is_zero"]);
        Node("Not", $"{p}/mask_real", [$"{p}/mask_is_zero"], [$"{p}/mask_real"]);
        return $"{p}/mask_real";
    }

    /// <summary>The mask value <paramref name="mask"/> as float 0/1 (1 = real), named under <paramref name="p"/>.</summary>
    private string MaskFloat(string mask, string p)
    {
        Node("Cast", $"{p}/mask_float", [MaskBool(mask, p)], [$"{p}/mask_float"], OnnxProto.IntAttribute("to", FloatType));
        return $"{p}/mask_float";
    }

    /// <summary>
    /// LSTM and GRU as the library runs them: the recurrence over every step (ONNX <c>LSTM</c>/<c>GRU</c>, sequence
    /// first, so the batch-first input is transposed), torch's gate blocks reordered to ONNX's (LSTM i,f,g,o → i,o,f,c;
    /// GRU r,z,n → z,r,h with <c>linear_before_reset = 1</c>, torch's GRU), then the mask applied as the library does:
    /// padded steps zeroed with return sequences, else the state at the last real step (0 for a sequence without one).
    /// </summary>
    private void RecurrentNodes(Recurrent r, string key, string[] x, Shape input, string output)
    {
        string p = output;
        int units = r.Units;
        bool lstm = r is LSTM;
        int[] blocks = lstm ? [0, 3, 1, 2] : [1, 0, 2];
        Tensor Reorder(string name) => cat(blocks.Select(b => weights[$"{key}.module.{name}_l0"].narrow(0, (long)b * units, units)).ToArray(), 0);
        string w, rec, bias;
        using (Tensor t = Reorder("weight_ih"), u = t.unsqueeze(0)) w = Float($"{key}.onnx_w", u);
        using (Tensor t = Reorder("weight_hh"), u = t.unsqueeze(0)) rec = Float($"{key}.onnx_r", u);
        using (Tensor bi = Reorder("bias_ih"), bh = Reorder("bias_hh"), both = cat([bi, bh], 0), u = both.unsqueeze(0)) bias = Float($"{key}.onnx_b", u);
        Node("Transpose", $"{p}/steps_first", [x[0]], [$"{p}/steps_first"], OnnxProto.IntsAttribute("perm", [1, 0, 2]));
        var attributes = new List<OnnxProto> { OnnxProto.IntAttribute("hidden_size", units) };
        if (!lstm) attributes.Add(OnnxProto.IntAttribute("linear_before_reset", 1));
        // Outputs Y (steps, 1, N, units) and Y_h (1, N, units), the last step's state.
        Node(lstm ? "LSTM" : "GRU", $"{p}/recurrence", [$"{p}/steps_first", w, rec, bias], [$"{p}/y", $"{p}/y_h"], [.. attributes]);
        if (x.Length == 1 && !r.ReturnSequences)
        {
            Node("Squeeze", output, [$"{p}/y_h", Int64Constant($"{p}/state_direction_axis", [0])], [output]);
            return;
        }
        Node("Squeeze", $"{p}/y_steps", [$"{p}/y", Int64Constant($"{p}/direction_axis", [1])], [$"{p}/y_steps"]);
        string sequences = x.Length == 1 ? output : $"{p}/sequences";
        Node("Transpose", sequences, [$"{p}/y_steps"], [sequences], OnnxProto.IntsAttribute("perm", [1, 0, 2]));   // (N, steps, units)
        if (x.Length == 1) return;
        string real = MaskBool(x[1], p);
        if (r.ReturnSequences)
        {
            Node("Unsqueeze", $"{p}/real_steps", [real, Int64Constant($"{p}/units_axis", [2])], [$"{p}/real_steps"]);
            Node("Where", output, [$"{p}/real_steps", sequences, Scalar($"{p}/zero", 0)], [output]);
            return;
        }
        // The state at step length - 1 (the recurrence is causal, so it ignores the padding after it); 0 for length 0.
        Node("Cast", $"{p}/real_int", [real], [$"{p}/real_int"], OnnxProto.IntAttribute("to", Int64Type));
        Node("ReduceSum", $"{p}/lengths", [$"{p}/real_int", Int64Constant($"{p}/steps_axis", [1])], [$"{p}/lengths"],
            OnnxProto.IntAttribute("keepdims", 1));                                                                          // (N, 1)
        Node("Sub", $"{p}/last_raw", [$"{p}/lengths", Int64Constant($"{p}/one_int", [1])], [$"{p}/last_raw"]);
        Node("Max", $"{p}/last", [$"{p}/last_raw", Int64Constant($"{p}/zero_int", [0])], [$"{p}/last"]);
        Node("Unsqueeze", $"{p}/last_index", [$"{p}/last", Int64Constant($"{p}/units_axis", [2])], [$"{p}/last_index"]);      // (N, 1, 1)
        Node("Expand", $"{p}/last_indices", [$"{p}/last_index", Int64Constant($"{p}/gather_shape", [1, 1, units])], [$"{p}/last_indices"]);
        Node("GatherElements", $"{p}/last_state", [sequences, $"{p}/last_indices"], [$"{p}/last_state"], OnnxProto.IntAttribute("axis", 1));
        Node("Squeeze", $"{p}/state", [$"{p}/last_state", Int64Constant($"{p}/steps_axis", [1])], [$"{p}/state"]);
        Node("Equal", $"{p}/empty", [$"{p}/lengths", Int64Constant($"{p}/zero_int", [0])], [$"{p}/empty"]);
        Node("Where", output, [$"{p}/empty", Scalar($"{p}/zero", 0), $"{p}/state"], [output]);
    }
}
