namespace DeepLearning.Torch;

/// <summary>
/// A model cannot be built as described: the message names the layer and the shapes or option at fault,
/// for example <c>Layer 'add_1' (Add): cannot combine shapes (64,) and (32,)</c>.
/// </summary>
public sealed class ModelBuildException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public ModelBuildException(string message) : base(message) { }

    /// <summary>Creates the exception with its message and cause.</summary>
    public ModelBuildException(string message, Exception inner) : base(message, inner) { }
}
