using DeepLearning.Torch.Data.Augmentation;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.LearningRateSchedules;

namespace DeepLearning.Examples.Cifar10;

/// <summary>Default training settings per model: the lecture's for fc and cnn, augmentation and a schedule for dcnn and resnet.</summary>
/// <param name="Epochs">Default epochs.</param>
/// <param name="BatchSize">Default batch size.</param>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="Schedule">Learning-rate schedule, or null.</param>
/// <param name="Augment">Whether to use random crops (4-pixel reflect padding) and horizontal flips.</param>
public sealed record CifarSettings(int Epochs, int BatchSize, OptimizerSpec Optimizer, Func<LearningRateSchedule>? Schedule, bool Augment)
{
    /// <summary>The settings of <paramref name="model"/>.</summary>
    public static CifarSettings For(string model) => model switch
    {
        "fc" => new(25, 32, Optimizers.Adam(1e-3), null, false),
        "cnn" => new(25, 32, Optimizers.Adam(1e-3), null, false),
        "dcnn" => new(30, 64, Optimizers.Adam(1e-3), () => Schedules.Cosine(), true),
        "resnet" => new(12, 128, Optimizers.Sgd(0.05, momentum: 0.9, nesterov: true, weightDecay: 5e-4), () => Schedules.OneCycle(0.1), true),
        _ => throw new ArgumentException($"Unknown model '{model}'.", nameof(model)),
    };

    /// <summary>The augmentation pipeline for a run seeded with <paramref name="seed"/>, or null.</summary>
    public IBatchAugmentation? CreateAugmentation(long seed) => Augment
        ? new AugmentationPipeline(new RandomCrop(seed + 1, padding: 4, CropPadding.Reflect), new RandomHorizontalFlip(seed + 2))
        : null;
}
