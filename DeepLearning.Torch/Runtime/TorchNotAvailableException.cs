namespace DeepLearning.Torch.Runtime;

/// <summary>Thrown when the libtorch native backend cannot be loaded; the message says why and what to install.</summary>
public sealed class TorchNotAvailableException : Exception
{
    /// <summary>Creates the exception with a message and the original load failure.</summary>
    public TorchNotAvailableException(string message, Exception inner) : base(message, inner) { }
}
