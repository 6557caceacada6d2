namespace DeepLearning.Torch.Interop;

/// <summary>
/// A <c>torch.save</c> file whose pickle names a global that is not one of the tensor-rebuilding functions a state dict
/// needs (e.g. <c>posix.system</c>), or uses an opcode that can reach arbitrary globals. Nothing from the file was
/// unpickled; <see cref="Global"/> says what it named.
/// </summary>
public sealed class UnsafePickleException : WeightLoadException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The explanation.</param>
    /// <param name="global">The refused name (<c>module.name</c>) or opcode.</param>
    public UnsafePickleException(string message, string global) : base(message)
    {
        Global = global;
    }

    /// <summary>The refused global, <c>module.name</c> (e.g. <c>posix.system</c>), or the refused opcode.</summary>
    public string Global { get; }
}
