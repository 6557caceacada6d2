using System.Security.Cryptography;
using System.Text;
using DeepLearning.Torch.IO;

namespace DeepLearning.Torch.Training.Checkpoints;

/// <summary>
/// The container: magic "DLTCKPT1", format version (int32), payload length (int64), SHA-256 of the payload (32 bytes),
/// payload. Written atomically (<see cref="AtomicFile"/>). Reads every version up to <see cref="Checkpoint.FormatVersion"/>;
/// the version tells <see cref="TrainingState.Deserialize"/> which sections the payload holds.
/// </summary>
internal static class CheckpointFile
{
    /// <summary>The first version; its payload may end after any of its optional last sections.</summary>
    internal const int FirstFormatVersion = 1;

    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DLTCKPT1");
    private const int HeaderLength = 8 + 4 + 8 + 32;

    /// <summary>Writes the file atomically; an I/O failure becomes an <see cref="IOException"/> naming the file, the target left as it was.</summary>
    internal static void WriteAtomically(string path, byte[] payload)
    {
        byte[] header = [.. Magic, .. BitConverter.GetBytes(Checkpoint.FormatVersion), .. BitConverter.GetBytes((long)payload.Length),
            .. SHA256.HashData(payload)];
        AtomicFile.Write(path, [header, payload], "checkpoint", createDirectory: true, "The previous file at that path, if any, is unchanged.");
    }

    /// <summary>Reads and verifies the file; returns its format version and payload or throws <see cref="CheckpointException"/>.</summary>
    internal static (int Version, byte[] Payload) ReadVerified(string path)
    {
        byte[] all;
        try
        {
            all = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, "cannot be read: " + e.Message, e);
        }
        if (all.Length < Magic.Length || !all.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException(path, "is not a DeepLearning.Torch checkpoint (wrong magic bytes).");
        if (all.Length < HeaderLength)
            throw new CheckpointException(path, $"is truncated: {all.Length} bytes, shorter than the {HeaderLength}-byte header.");
        int version = BitConverter.ToInt32(all, 8);
        if (version is < FirstFormatVersion or > Checkpoint.FormatVersion)
            throw new CheckpointException(path,
                $"has format version {version}; this library reads versions {FirstFormatVersion} to {Checkpoint.FormatVersion}.");
        long length = BitConverter.ToInt64(all, 12);
        long actual = all.Length - HeaderLength;
        if (length != actual)
            throw new CheckpointException(path, $"is truncated or padded: header announces {length} payload bytes, file holds {actual}.");
        byte[] payload = all.AsSpan(HeaderLength).ToArray();
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(all.AsSpan(20, 32)))
            throw new CheckpointException(path, "is corrupt: the SHA-256 checksum of the payload does not match.");
        return (version, payload);
    }
}
