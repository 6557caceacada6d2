namespace DeepLearning.Torch.Interop;

/// <summary>
/// A weight file cannot be loaded into the model: names missing or unexpected (strict loading), shapes or dtypes that
/// differ, a file that is not a state dict, or (as <see cref="UnsafePickleException"/>) a pickle naming code. The
/// message names every tensor concerned; the model is left unchanged.
/// </summary>
public class WeightLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WeightLoadException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public WeightLoadException(string message, Exception innerException) : base(message, innerException) { }
}
