namespace DeepLearning.Torch.Data.Preprocessing;

/// <summary>Which statistics a <see cref="Standardizer"/> computes.</summary>
public enum StandardizationAxes
{
    /// <summary>
    /// One mean and standard deviation per element of a sample, computed over the sample axis (axis 0):
    /// per feature for (N, F) tables, per pixel and channel for (N, C, H, W) images (as the CIFAR-10 lecture
    /// normalises). This is scikit-learn's <c>StandardScaler</c> for tables. The default.
    /// </summary>
    PerElement,

    /// <summary>One mean and standard deviation per channel (axis 1), computed over every other axis.</summary>
    PerChannel,
}
