namespace DeepLearning.Torch.Data.Augmentation;

/// <summary>How <see cref="RandomCrop"/> fills the border it adds before cropping.</summary>
public enum CropPadding
{
    /// <summary>Zeros (the default).</summary>
    Zero,

    /// <summary>Mirror of the image without repeating the edge (needs padding smaller than the image).</summary>
    Reflect,
}
