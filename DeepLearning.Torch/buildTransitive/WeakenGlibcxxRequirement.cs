// MSBuild inline task (RoslynCodeTaskFactory). libLibTorchSharp.so from TorchSharp 0.107 records a
// version requirement on GLIBCXX_3.4.32 (GCC 13) only for std::ios_base_library_init(), a symbol it
// references and never calls. On systems whose libstdc++ is older (Debian 12, Ubuntu 22.04: GCC 12)
// the dynamic loader refuses the library. Marking that single requirement weak (VER_FLG_WEAK in its
// vernaux entry of .gnu.version_r) makes glibc load it. Only the copy in the build output is changed;
// system files and the NuGet cache are never touched.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class WeakenGlibcxxRequirement : Task
{
    [Required] public string Directory { get; set; } = "";
    [Required] public string Version { get; set; } = "";

    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory)) return true;
        string[] libraries = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        if (libraries.Length == 0) return true;
        if (SystemLibStdCxxHas(Version))
        {
            Log.LogMessage(MessageImportance.Low, "System libstdc++ provides " + Version + "; libLibTorchSharp.so left unchanged.");
            return true;
        }
        foreach (string library in libraries)
        {
            try
            {
                byte[] image = File.ReadAllBytes(library);
                int changed = Weaken(image, Version);
                if (changed == 0) continue;
                string temporary = library + ".weak.tmp";
                File.WriteAllBytes(temporary, image);
                // Replace the directory entry (never write through a hard link into the package cache).
                File.Delete(library);
                File.Move(temporary, library);
                Log.LogMessage(MessageImportance.High, "libtorch native fix: marked " + Version + " weak in " + library);
            }
            catch (Exception e)
            {
                Log.LogWarning("libtorch native fix failed for " + library + ": " + e.Message);
            }
        }
        return true;
    }

    private static bool SystemLibStdCxxHas(string version)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (string candidate in candidates)
        {
            if (!File.Exists(candidate)) continue;
            byte[] bytes = File.ReadAllBytes(candidate);
            return IndexOf(bytes, needle) >= 0;
        }
        return false;
    }

    /// <summary>Sets VER_FLG_WEAK on every vernaux entry named <paramref name="version"/>; returns how many changed.</summary>
    private static int Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("only 64-bit little-endian ELF is handled");
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        int changed = 0;
        for (int i = 0; i < shnum; i++)
        {
            long header = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed) continue;
            long offset = BitConverter.ToInt64(elf, (int)header + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)header + 0x28);
            int count = (int)BitConverter.ToUInt32(elf, (int)header + 0x2C);
            long strtab = BitConverter.ToInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);
            long need = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long name = strtab + BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadString(elf, name) == version)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            flags |= VerFlgWeak;
                            elf[aux + 4] = (byte)(flags & 0xff);
                            elf[aux + 5] = (byte)(flags >> 8);
                            changed++;
                        }
                    }
                    uint next = BitConverter.ToUInt32(elf, (int)aux + 12);
                    if (next == 0) break;
                    aux += next;
                }
                uint nextNeed = BitConverter.ToUInt32(elf, (int)need + 12);
                if (nextNeed == 0) break;
                need += nextNeed;
            }
        }
        return changed;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack[i] != needle[0]) continue;
            int j = 1;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    private static string ReadString(byte[] bytes, long start)
    {
        long end = start;
        while (end < bytes.Length && bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)start, (int)(end - start));
    }
}
