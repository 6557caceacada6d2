using TorchSharp;

namespace DeepLearning.Torch.Models;

/// <summary>
/// A module whose layers carry weight regularizers (L1, L2, L1L2). The trainer adds
/// <see cref="RegularizationLoss"/> to the data loss of every training batch.
/// </summary>
public interface IRegularizedModule
{
    /// <summary>The sum of all regularization penalties as a scalar tensor, or <c>null</c> when no layer has a regularizer.</summary>
    torch.Tensor? RegularizationLoss();
}
