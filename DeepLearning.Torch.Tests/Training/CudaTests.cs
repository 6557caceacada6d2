using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

public class CudaTests
{
    [CudaFact]
    public void Fit_Cuda_ModelAndOptimizerStateOnGpu()
    {
        var (x, y) = TrainingData.Blobs(128);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var history = new Trainer(new TrainerOptions
            {
                Epochs = 3, Device = DeviceSelection.Cuda, Loss = Losses.BinaryCrossEntropy(fromLogits: true), ValidationSplit = 0.2,
            }).Fit(model, data);
            Assert.StartsWith("cuda", history.Device);
            Assert.All(model.parameters(), p => Assert.Equal(TorchSharp.DeviceType.CUDA, p.device_type));
            Assert.True(history[MetricKeys.Loss][^1] < history[MetricKeys.Loss][0]);
        }
    }
}
