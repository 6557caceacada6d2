using System.Text.RegularExpressions;

namespace DeepLearning.Torch.Training;

/// <summary>
/// Exclusive lock on an output folder for the duration of a run: <c>.dltorch.lock</c> opened with <see cref="FileShare.None"/>
/// (an advisory <c>flock</c> on Unix, released by the kernel if the process dies) and <c>.dltorch.lock.owner</c> naming the holder.
/// Once held, temporary files left by a killed run in the folder are removed. Both files are deleted when the run ends,
/// so a finished run leaves only its outputs.
/// </summary>
internal sealed partial class OutputFolderLock : IDisposable
{
    internal const string LockFileName = ".dltorch.lock";
    internal const string OwnerFileName = ".dltorch.lock.owner";

    private readonly FileStream _stream;
    private readonly string _ownerFile;

    private readonly string _lockFile;

    private OutputFolderLock(FileStream stream, string lockFile, string ownerFile)
    {
        _stream = stream;
        _lockFile = lockFile;
        _ownerFile = ownerFile;
    }

    /// <summary>Locks every distinct folder of <paramref name="folders"/>, or throws (releasing the ones taken).</summary>
    /// <exception cref="OutputFolderInUseException">A folder is locked by another run.</exception>
    /// <exception cref="IOException">A folder cannot be created or the lock file cannot be written; the message names it.</exception>
    internal static IReadOnlyList<OutputFolderLock> AcquireAll(IEnumerable<string> folders)
    {
        var taken = new List<OutputFolderLock>();
        try
        {
            foreach (string folder in folders.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                taken.Add(Acquire(folder));
            return taken;
        }
        catch
        {
            foreach (var l in taken) l.Dispose();
            throw;
        }
    }

    /// <summary>The folder that holds the files of a path template (its directory, above any <c>{placeholder}</c>).</summary>
    internal static string FolderOf(string pathTemplate)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(pathTemplate));
        while (folder is not null && folder.Contains('{', StringComparison.Ordinal)) folder = Path.GetDirectoryName(folder);
        return folder ?? Path.GetFullPath(".");
    }

    private static OutputFolderLock Acquire(string folder)
    {
        string lockFile = Path.Combine(folder, LockFileName);
        string ownerFile = Path.Combine(folder, OwnerFileName);
        FileStream stream;
        try
        {
            Directory.CreateDirectory(folder);
            stream = OpenLockFile(lockFile);
        }
        catch (IOException e) when (File.Exists(lockFile) && !Directory.Exists(lockFile))
        {
            throw new OutputFolderInUseException(folder, ReadOwner(ownerFile), e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot lock output folder '{folder}': {e.Message}", e);
        }
        try
        {
            File.WriteAllText(ownerFile, $"pid {Environment.ProcessId} on {Environment.MachineName}, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            throw new IOException($"Cannot write the lock owner file '{ownerFile}': {e.Message}", e);
        }
        RemoveStaleTemporaries(folder);
        return new OutputFolderLock(stream, lockFile, ownerFile);
    }

    /// <summary>
    /// Opens and locks the lock file. A run that ends deletes the file while holding it, so a file opened just before that
    /// deletion is no longer the folder's lock file once locked: then the new one is opened.
    /// </summary>
    private static FileStream OpenLockFile(string lockFile)
    {
        for (int attempt = 0; ; attempt++)
        {
            var stream = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            if (File.Exists(lockFile) || attempt == 3) return stream;
            stream.Dispose();
        }
    }

    /// <summary>
    /// Deletes temporary files that a killed run left behind (<c>.name.&lt;guid&gt;.tmp</c> of checkpoints,
    /// <c>.name.&lt;pid&gt;.tmp</c> of logs): safe because this run now holds the folder.
    /// </summary>
    private static void RemoveStaleTemporaries(string folder)
    {
        foreach (string file in Directory.EnumerateFiles(folder, ".*.tmp"))
        {
            if (!StaleTemporary().IsMatch(Path.GetFileName(file))) continue;
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next run; it never replaces a real file.
            }
        }
    }

    [GeneratedRegex(@"^\..+\.([0-9a-f]{32}|[0-9]+)\.tmp$")]
    private static partial Regex StaleTemporary();

    private static string? ReadOwner(string ownerFile)
    {
        try
        {
            return File.Exists(ownerFile) ? File.ReadAllText(ownerFile).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_ownerFile);
            // Deleted while still locked, so no other run can be holding this file.
            File.Delete(_lockFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stale owner or lock file is harmless, the lock itself is released below.
        }
        _stream.Dispose();
    }
}
