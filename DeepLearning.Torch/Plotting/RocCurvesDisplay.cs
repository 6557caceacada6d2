using DeepLearning.Torch.Evaluation;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// A figure of one or more models' ROC curves, each with its legend name, in the order added: the common part of
/// <see cref="RocDisplay"/> and <see cref="RejectionDisplay"/>.
/// </summary>
/// <typeparam name="TDisplay">The display itself, so that <see cref="Add"/> chains.</typeparam>
public abstract class RocCurvesDisplay<TDisplay> where TDisplay : RocCurvesDisplay<TDisplay>
{
    private readonly List<(RocCurve Roc, string Name)> _curves = [];

    private protected RocCurvesDisplay()
    {
    }

    /// <summary>The models added so far: their curves and legend names.</summary>
    public IReadOnlyList<(RocCurve Roc, string Name)> Curves => _curves;

    /// <summary>Adds a model; returns this display.</summary>
    /// <param name="roc">The model's ROC curve.</param>
    /// <param name="name">Legend name of the model.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public TDisplay Add(RocCurve roc, string name)
    {
        ArgumentNullException.ThrowIfNull(roc);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _curves.Add((roc, name));
        return (TDisplay)this;
    }
}
