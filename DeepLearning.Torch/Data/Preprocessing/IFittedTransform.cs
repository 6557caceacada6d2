using TorchSharp;

namespace DeepLearning.Torch.Data.Preprocessing;

/// <summary>
/// A transform whose parameters are fitted on training data and then applied unchanged to validation, test
/// and inference data. The fitted parameters serialise to JSON so that inference applies the same transform.
/// </summary>
public interface IFittedTransform
{
    /// <summary>Whether <c>Fit</c> has been called (or the state was loaded).</summary>
    bool IsFitted { get; }

    /// <summary>Applies the fitted transform. The result is a new tensor owned by the caller.</summary>
    /// <param name="x">Input with the sample axis first.</param>
    /// <returns>The transformed tensor, on the input's device.</returns>
    torch.Tensor Transform(torch.Tensor x);

    /// <summary>The fitted parameters as JSON (read back by the type's <c>FromJson</c>).</summary>
    /// <returns>A JSON document.</returns>
    string ToJson();
}
