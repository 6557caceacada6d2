using System.Text;

namespace DeepLearning.Torch.IO;

/// <summary>
/// The one way the library replaces a file: write a temporary file in the same directory, flush it to disk (fsync),
/// rename it over the target. A reader sees the old file or the new one, never a half-written one; a failed write leaves
/// the old file as it was and removes the temporary file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Largest single write: a stop or kill signal takes effect between blocks, not only after the whole file.</summary>
    private const int BlockBytes = 1 << 20;

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Destination; its directory is created if <paramref name="createDirectory"/>.</param>
    /// <param name="text">Content.</param>
    /// <param name="what">What the file is, for the message, e.g. "history CSV".</param>
    /// <param name="createDirectory">Create the directory if missing.</param>
    /// <exception cref="IOException">The write failed; the message names the file, and the previous file is unchanged.</exception>
    internal static void Write(string path, string text, string what, bool createDirectory)
        => Write(path, [new UTF8Encoding(false).GetBytes(text)], "the " + what, createDirectory, "The previous file, if any, is unchanged.");

    /// <summary>Writes the <paramref name="parts"/>, one after the other, to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Destination; its directory is created if <paramref name="createDirectory"/>.</param>
    /// <param name="parts">Content, in order (a header and a payload, say, without copying them into one array).</param>
    /// <param name="what">What the file is, for the message, e.g. "checkpoint".</param>
    /// <param name="createDirectory">Create the directory if missing.</param>
    /// <param name="unchanged">The message's last sentence, saying the previous file is unchanged.</param>
    /// <exception cref="IOException">The write failed; the message names the file, and the previous file is unchanged.</exception>
    internal static void Write(string path, IReadOnlyList<byte[]> parts, string what, bool createDirectory, string unchanged)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        // One temporary name per file and process: a leftover of a killed earlier process with this id is overwritten.
        string temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Environment.ProcessId + ".tmp");
        try
        {
            if (Directory.Exists(full)) throw new IOException("the path is an existing directory.");
            if (createDirectory) Directory.CreateDirectory(directory);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                foreach (byte[] part in parts)
                    for (int offset = 0; offset < part.Length; offset += BlockBytes)
                        stream.Write(part, offset, Math.Min(BlockBytes, part.Length - offset));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        // .NET reports EFBIG (file-size limit) as ArgumentOutOfRangeException: a failed write all the same.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            TryDelete(temporary);
            throw new IOException($"Cannot write {what} '{full}': {Reason(e)} {unchanged}", e);
        }
    }

    private static string Reason(Exception e)
        => e is ArgumentOutOfRangeException ? "the file would exceed the size the file system or a size limit (ulimit -f) allows." : e.Message;

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to clean up: the original error is what the caller needs.
        }
    }
}
