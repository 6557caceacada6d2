using System.Buffers.Binary;
using System.Text;

namespace DeepLearning.Torch.Interop;

/// <summary>
/// Reads a pickle's opcodes without executing any and refuses it unless every global it names is one a PyTorch state
/// dict needs. A pickle runs code through globals: GLOBAL/INST name a callable (<c>posix system</c>), STACK_GLOBAL takes
/// the name from the stack, EXT1/2/4 from the copyreg registry; REDUCE, BUILD, NEWOBJ and OBJ only call what such a
/// global put on the stack. So checking the names (and refusing names that cannot be read statically) is enough.
/// </summary>
internal static class PickleScanner
{
    /// <summary>The globals of <c>torch.save(state_dict)</c>: the ordered dict, the tensor rebuilders and the storage
    /// types that TorchSharp.PyBridge maps to dtypes.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_tensor_v2",
        "torch.DoubleStorage", "torch.FloatStorage", "torch.HalfStorage", "torch.BFloat16Storage",
        "torch.LongStorage", "torch.IntStorage", "torch.ShortStorage", "torch.CharStorage", "torch.ByteStorage",
        "torch.BoolStorage", "torch.ComplexDoubleStorage", "torch.ComplexFloatStorage",
    };

    /// <summary>Throws <see cref="UnsafePickleException"/> unless <paramref name="pickle"/> names allowed globals only.</summary>
    /// <param name="pickle">The bytes of <c>data.pkl</c>.</param>
    /// <param name="file">The file's name, for messages.</param>
    internal static void Check(ReadOnlySpan<byte> pickle, string file)
    {
        // Strings most recently pushed (null: a value that is not a string), and memoised values, enough to name the
        // module and attribute a STACK_GLOBAL pops: pickle writes them as two strings (or memo gets of strings) just before.
        var recent = new List<string?>();
        var memo = new Dictionary<long, string?>();
        int pos = 0;
        while (pos < pickle.Length)
        {
            if (recent.Count > 2) recent.RemoveRange(0, recent.Count - 2);
            byte op = pickle[pos++];
            string? pushed = null;
            bool keepsRecent = false;    // opcodes that neither push nor pop keep the recent strings
            switch (op)
            {
                case (byte)'c' or (byte)'i':    // GLOBAL, INST: "module\nname\n"
                    {
                        string module = Line(pickle, ref pos), name = Line(pickle, ref pos);
                        Require($"{module}.{name}", file);
                        break;
                    }
                case 0x93:                      // STACK_GLOBAL: module and name from the stack
                    {
                        if (recent.Count < 2 || recent[^1] is not { } name || recent[^2] is not { } module)
                            throw Refuse("STACK_GLOBAL", $"'{file}' is refused: its pickle names a global (STACK_GLOBAL) whose name cannot be read without running the pickle. {Advice}");
                        Require($"{module}.{name}", file);
                        break;
                    }
                case 0x82 or 0x83 or 0x84:      // EXT1, EXT2, EXT4: globals from the copyreg extension registry
                    throw Refuse("EXT", $"'{file}' is refused: its pickle names a global through the extension registry (EXT opcodes), which a PyTorch state dict never does. {Advice}");
                // Strings: pushed onto the stack.
                case (byte)'X': pushed = Text(pickle, ref pos, (int)U32(pickle, ref pos)); break;       // BINUNICODE
                case 0x8c: pushed = Text(pickle, ref pos, pickle[pos++]); break;                          // SHORT_BINUNICODE
                case 0x8d: pushed = Text(pickle, ref pos, checked((int)U64(pickle, ref pos))); break;     // BINUNICODE8
                case (byte)'V': pushed = Line(pickle, ref pos); break;                                    // UNICODE
                case (byte)'T': Skip(pickle, ref pos, U32(pickle, ref pos)); recent.Add(null); continue; // BINSTRING
                case (byte)'U' or (byte)'C': Skip(pickle, ref pos, pickle[pos++]); recent.Add(null); continue;          // SHORT_BINSTRING, SHORT_BINBYTES
                case (byte)'B': Skip(pickle, ref pos, U32(pickle, ref pos)); recent.Add(null); continue;                // BINBYTES
                case 0x8e or 0x96: Skip(pickle, ref pos, (long)U64(pickle, ref pos)); recent.Add(null); continue;       // BINBYTES8, BYTEARRAY8
                case 0x8a: Skip(pickle, ref pos, pickle[pos++]); recent.Add(null); continue;                            // LONG1
                case 0x8b: Skip(pickle, ref pos, U32(pickle, ref pos)); recent.Add(null); continue;                     // LONG4
                // Memo: a put stores the top value, a get pushes a stored one.
                case (byte)'q': memo[pickle[pos++]] = Top(recent); keepsRecent = true; break;             // BINPUT
                case (byte)'r': memo[U32(pickle, ref pos)] = Top(recent); keepsRecent = true; break;      // LONG_BINPUT
                case (byte)'p': memo[long.Parse(Line(pickle, ref pos))] = Top(recent); keepsRecent = true; break; // PUT
                case 0x94: memo[memo.Count] = Top(recent); keepsRecent = true; break;                      // MEMOIZE
                case (byte)'h': recent.Add(memo.GetValueOrDefault(pickle[pos++])); continue;               // BINGET
                case (byte)'j': recent.Add(memo.GetValueOrDefault(U32(pickle, ref pos))); continue;        // LONG_BINGET
                case (byte)'g': recent.Add(memo.GetValueOrDefault(long.Parse(Line(pickle, ref pos)))); continue; // GET
                // Fixed-size arguments.
                case (byte)'K': pos += 1; recent.Add(null); continue;                                     // BININT1
                case (byte)'M': pos += 2; recent.Add(null); continue;                                     // BININT2
                case (byte)'J': pos += 4; recent.Add(null); continue;                                     // BININT
                case (byte)'G': pos += 8; recent.Add(null); continue;                                     // BINFLOAT
                case 0x80: pos += 1; keepsRecent = true; break;                                            // PROTO
                case 0x95: pos += 8; keepsRecent = true; break;                                            // FRAME
                // Line arguments: INT, LONG, FLOAT, STRING, PERSID.
                case (byte)'I' or (byte)'L' or (byte)'F' or (byte)'S' or (byte)'P': Line(pickle, ref pos); recent.Add(null); continue;
                case (byte)'.': return;                                                                    // STOP
                // Opcodes without arguments (stack and container operations, calls of what a checked global pushed).
                case (byte)'(' or (byte)'0' or (byte)'1' or (byte)'2' or (byte)'N' or 0x88 or 0x89 or (byte)'}' or (byte)']'
                    or (byte)')' or (byte)'t' or 0x85 or 0x86 or 0x87 or (byte)'l' or (byte)'d' or (byte)'a' or (byte)'e'
                    or (byte)'s' or (byte)'u' or (byte)'b' or (byte)'R' or 0x81 or 0x92 or (byte)'Q' or 0x8f or 0x90 or 0x91
                    or (byte)'o' or 0x97 or 0x98:
                    break;
                default:
                    throw Refuse($"0x{op:x2}", $"'{file}' is refused: its pickle has an unknown opcode 0x{op:x2} at byte {pos - 1}. {Advice}");
            }
            if (pushed is not null) recent.Add(pushed);
            else if (!keepsRecent) recent.Clear();
        }
        throw new WeightLoadException($"'{file}' is not a complete pickle (no STOP opcode).");
    }

    private const string Advice =
        "A state dict saved by torch.save(model.state_dict(), path) names only torch tensor and storage types and collections.OrderedDict; " +
        "nothing from this file was run. Load only files you trust, and prefer safetensors, which cannot carry code.";

    private static void Require(string global, string file)
    {
        if (Allowed.Contains(global)) return;
        string hint = global == "torch._utils._rebuild_parameter" || !global.StartsWith("torch.", StringComparison.Ordinal)
            ? " If it is a whole model saved with torch.save(model), save model.state_dict() instead."
            : "";
        throw Refuse(global, $"'{file}' is refused: its pickle names the global '{global}', which a PyTorch state dict does not need and which could run code when unpickled.{hint} {Advice}");
    }

    private static UnsafePickleException Refuse(string global, string message) => new(message, global);

    private static string? Top(List<string?> recent) => recent.Count > 0 ? recent[^1] : null;

    private static string Line(ReadOnlySpan<byte> data, ref int pos)
    {
        int end = data[pos..].IndexOf((byte)'\n');
        if (end < 0) throw new WeightLoadException("The pickle ends inside a text argument.");
        string text = Encoding.UTF8.GetString(data.Slice(pos, end));
        pos += end + 1;
        return text;
    }

    private static string Text(ReadOnlySpan<byte> data, ref int pos, int length)
    {
        if (length < 0 || pos + length > data.Length) throw new WeightLoadException("The pickle ends inside a string.");
        string text = Encoding.UTF8.GetString(data.Slice(pos, length));
        pos += length;
        return text;
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int pos, long length)
    {
        if (length < 0 || pos + length > data.Length) throw new WeightLoadException("The pickle ends inside a byte argument.");
        pos += (int)length;
    }

    private static uint U32(ReadOnlySpan<byte> data, ref int pos)
    {
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(pos, 4));
        pos += 4;
        return value;
    }

    private static ulong U64(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(pos, 8));
        pos += 8;
        return value;
    }
}
