using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using Xunit;

namespace DeepLearning.Torch.Tests.Models;

public class LectureModelsTests
{
    internal static Sequential CifarFullyConnected() => new("cifar_fc", InitPreset.Keras)
    {
        new Input(3, 32, 32),
        new Flatten(),
        new Dense(256, Activation.Relu),
        new Dropout(0.3),
        new Dense(256, Activation.Relu),
        new Dense(10, Activation.Softmax),
    };

    internal static Sequential CifarStridedCnn() => new("cifar_cnn", InitPreset.Keras)
    {
        new Input(3, 32, 32),
        new Conv2D(32, 5, strides: 2, activation: Activation.Relu), new Dropout(0.3),
        new Conv2D(64, 5, strides: 2, activation: Activation.Relu), new Dropout(0.3),
        new Conv2D(128, 5, strides: 2, activation: Activation.Relu), new Dropout(0.3),
        new Flatten(),
        new Dense(128, Activation.Relu), new Dropout(0.3),
        new Dense(10, Activation.Softmax),
    };

    [Fact]
    public void Build_CifarFullyConnected_Has855050ParametersAsKeras()
    {
        using var model = CifarFullyConnected().Build(seed: 1);
        // Keras: 3072*256+256 + 256*256+256 + 256*10+10
        Assert.Equal(855_050, model.TrainableParameterCount);
        Assert.Equal(0, model.NonTrainableParameterCount);
        Assert.Equal(new Shape(10), model.OutputShapes[0]);
    }

    [Fact]
    public void Build_CifarStridedCnn_Has276426ParametersAsKeras()
    {
        using var model = CifarStridedCnn().Build(seed: 1);
        Assert.Equal(276_426, model.TrainableParameterCount);
        // 32 -> 14 -> 5 -> 1 with 5x5 kernels, stride 2, valid padding.
        Assert.Equal(new[] { new Shape(32, 14, 14), new Shape(64, 5, 5), new Shape(128, 1, 1) },
            model.Layers.Where(l => l.Layer is Conv2D).Select(l => l.OutputShape));
    }

    [Fact]
    public void Summary_CifarStridedCnn_ListsLayersShapesAndTotals()
    {
        using var model = CifarStridedCnn().Build(seed: 1);
        string summary = model.Summary();
        Assert.Contains("Model: \"cifar_cnn\"", summary);
        Assert.Contains("conv2d (Conv2D)", summary);
        Assert.Contains("conv2d_2 (Conv2D)", summary);
        Assert.Contains("(None, 32, 14, 14)", summary);
        Assert.Contains("2,432", summary);             // 32*3*5*5 + 32
        Assert.Contains("Total params: 276,426", summary);
        Assert.Contains("Trainable params: 276,426", summary);
        Assert.Contains("Non-trainable params: 0", summary);
        Assert.DoesNotContain("Connected to", summary);  // a plain stack has no connections column
    }
}
