namespace DeepLearning.Torch.Training.Core;

/// <summary>Where the trainer puts the model, the batches and the optimizer state.</summary>
public enum DeviceSelection
{
    /// <summary>CUDA when libtorch sees a GPU, otherwise the CPU (the choice and its reason are logged and recorded in the history).</summary>
    Auto,

    /// <summary>Always the CPU.</summary>
    Cpu,

    /// <summary>The first CUDA GPU; fails with the reason when none is usable.</summary>
    Cuda,
}
