namespace DeepLearning.Torch.IO;

/// <summary>Writes a text file through a temporary file and a rename, so readers see the old file or the new one, never half of one.</summary>
internal static class AtomicText
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Destination; its directory is created if <paramref name="createDirectory"/>.</param>
    /// <param name="text">Content (UTF-8).</param>
    /// <param name="what">What the file is, for the message, e.g. "history CSV".</param>
    /// <param name="createDirectory">Create the directory if missing.</param>
    /// <exception cref="IOException">The write failed; the message names the file, and the previous file is unchanged.</exception>
    internal static void Write(string path, string text, string what, bool createDirectory)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Environment.ProcessId + ".tmp");
        try
        {
            if (Directory.Exists(full)) throw new IOException("the path is an existing directory.");
            if (createDirectory) Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(temporary, text);
            File.Move(temporary, full, overwrite: true);
        }
        // .NET reports EFBIG (file-size limit) as ArgumentOutOfRangeException: a failed write all the same.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            TryDelete(temporary);
            throw new IOException($"Cannot write the {what} '{full}': {Reason(e)} The previous file, if any, is unchanged.", e);
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
