using System.Buffers.Binary;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Checks an HDF5 file's superblock before PureHDF parses it: the signature must be present and the file
/// must be at least as long as the end-of-file address the superblock records, so that a truncated file is
/// rejected with a clear message instead of failing somewhere inside the object tree.
/// </summary>
internal static class Hdf5FileCheck
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1a, (byte)'\n'];

    /// <summary>Throws <see cref="DataFormatException"/> when the file is not HDF5 or is shorter than its superblock says.</summary>
    public static void Validate(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        long length = stream.Length;
        Span<byte> head = stackalloc byte[64];
        for (long offset = 0; offset + 8 <= length; offset = offset == 0 ? 512 : offset * 2)
        {
            stream.Position = offset;
            int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (read < 8 || !head[..8].SequenceEqual(Signature)) continue;
            long? end = EndOfFileAddress(head[..read], offset);
            if (end is null)
                throw new DataFormatException(path, null, $"the HDF5 superblock at byte {offset} is cut short or has an unknown version; the file is truncated or corrupt.");
            if (end.Value > length)
                throw new DataFormatException(path, null, $"the HDF5 superblock records an end of file at byte {end.Value} but the file has {length} bytes; the file is truncated.");
            return;
        }
        throw new DataFormatException(path, null, "no HDF5 signature at byte 0, 512, 1024, ...; expected an HDF5 file.");
    }

    private static long? EndOfFileAddress(ReadOnlySpan<byte> sb, long superblockOffset)
    {
        if (sb.Length < 9) return null;
        byte version = sb[8];
        int sizeOfOffsets, position;
        switch (version)
        {
            case 0 or 1:
                if (sb.Length < 16) return null;
                sizeOfOffsets = sb[13];
                position = 24 + (version == 1 ? 4 : 0);
                break;
            case 2 or 3:
                if (sb.Length < 10) return null;
                sizeOfOffsets = sb[9];
                position = 12;
                break;
            default:
                return null;
        }
        if (sizeOfOffsets is not (2 or 4 or 8) || sb.Length < position + 3 * sizeOfOffsets) return null;
        ulong baseAddress = ReadOffset(sb[position..], sizeOfOffsets);
        int eofPosition = position + 2 * sizeOfOffsets; // v0/1: base, free space, EOF; v2/3: base, extension, EOF
        ulong eof = ReadOffset(sb[eofPosition..], sizeOfOffsets);
        if (baseAddress == ulong.MaxValue || eof == ulong.MaxValue) return null;
        ulong absoluteBase = baseAddress == 0 ? (ulong)superblockOffset : baseAddress;
        return (long)Math.Min(absoluteBase + eof, long.MaxValue);
    }

    private static ulong ReadOffset(ReadOnlySpan<byte> bytes, int size) => size switch
    {
        2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
    };
}
