using System.Security.Cryptography;
using System.Text;

namespace DeepLearning.Torch.Training.Checkpoints;

/// <summary>
/// The container: magic "DLTCKPT1", format version (int32), payload length (int64), SHA-256 of the payload (32 bytes),
/// payload. Written atomically: temporary file in the same directory, flush to disk (fsync), rename over the target.
/// </summary>
internal static class CheckpointFile
{
    internal const int FormatVersion = 1;

    /// <summary>
    /// Test seam (reliability tests only): milliseconds to pause after writing half of the temporary file, so a test can
    /// kill the process in the middle of a checkpoint write. Unset or invalid means no pause.
    /// </summary>
    internal const string WritePauseVariable = "DLTORCH_TEST_CHECKPOINT_WRITE_PAUSE_MS";
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DLTCKPT1");
    private const int HeaderLength = 8 + 4 + 8 + 32;

    /// <summary>Writes the file atomically; an I/O failure becomes an <see cref="IOException"/> naming the file, the target left as it was.</summary>
    internal static void WriteAtomically(string path, byte[] payload)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        string temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            if (Directory.Exists(full))
                throw new IOException("the path is an existing directory.");
            Directory.CreateDirectory(directory);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Magic);
                stream.Write(BitConverter.GetBytes(FormatVersion));
                stream.Write(BitConverter.GetBytes((long)payload.Length));
                stream.Write(SHA256.HashData(payload));
                int half = payload.Length / 2;
                stream.Write(payload, 0, half);
                PauseForTests(stream);
                stream.Write(payload, half, payload.Length - half);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        // .NET reports EFBIG (file-size limit) as ArgumentOutOfRangeException: a failed write all the same.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            TryDelete(temporary);
            throw new IOException($"Cannot write checkpoint '{full}': {Reason(e)} The previous file at that path, if any, is unchanged.", e);
        }
    }

    private static void PauseForTests(FileStream stream)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(WritePauseVariable), out int pause) || pause <= 0) return;
        stream.Flush(flushToDisk: false);
        Thread.Sleep(pause);
    }

    /// <summary>Reads and verifies the file; returns the payload or throws <see cref="CheckpointException"/>.</summary>
    internal static byte[] ReadVerified(string path)
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
        if (version != FormatVersion)
            throw new CheckpointException(path, $"has format version {version}; this library reads version {FormatVersion}.");
        long length = BitConverter.ToInt64(all, 12);
        long actual = all.Length - HeaderLength;
        if (length != actual)
            throw new CheckpointException(path, $"is truncated or padded: header announces {length} payload bytes, file holds {actual}.");
        byte[] payload = all.AsSpan(HeaderLength).ToArray();
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(all.AsSpan(20, 32)))
            throw new CheckpointException(path, "is corrupt: the SHA-256 checksum of the payload does not match.");
        return payload;
    }

    private static string Reason(Exception e)
        => e is ArgumentOutOfRangeException ? "the file would exceed the size the file system or a size limit (ulimit -f) allows." : e.Message;

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
