namespace DeepLearning.Torch.Layers;

/// <summary>Convolution and pooling padding, as in Keras.</summary>
public enum PaddingMode
{
    /// <summary>No padding: the output shrinks by the (dilated) kernel size minus one.</summary>
    Valid,

    /// <summary>
    /// Pad so that the output size is ceil(input / stride). When the total padding is odd, the extra row or column
    /// goes to the bottom/right, exactly as Keras (TensorFlow) pads, including for strided convolutions.
    /// </summary>
    Same,
}
