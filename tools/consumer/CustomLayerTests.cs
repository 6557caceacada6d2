using DeepLearning.Torch.Data;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using Xunit;
using static TorchSharp.torch;

// A researcher's own layer, compiled against the package's public API only (no InternalsVisibleTo): y = x².
public sealed record Square : Layer
{
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => inputs[0];

    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name);

    private sealed class Module(string name) : SingleInputModule(name)
    {
        public override Tensor Forward(Tensor input) => input.square();
    }
}

public class CustomLayerTests
{
    private static readonly Lambda MeanOverParticles = new("mean_over_particles", x => x.mean([1]), s => new Shape(s[-1]));

    private static Sequential Stack() => new("custom") { new Input(6, 4), new Dense(5), new Square(), MeanOverParticles, new Dense(1) };

    [Fact]
    public void SubclassAndLambda_BuildTrainAndRoundTripThroughJson_WhenRegistered()
    {
        using Model model = Stack().Build(seed: 1);
        string summary = model.Summary();
        Assert.Contains("square (Square)", summary);
        Assert.Contains("lambda (Lambda)", summary);

        using var generator = new Generator(3);
        using Tensor x = randn([64, 6, 4], generator: generator);
        using Tensor y = x.sum([1, 2]).gt(0).to_type(float32).unsqueeze(1);
        var trainer = new Trainer(new TrainerOptions { Epochs = 2, Seed = 1, Verbose = Verbosity.Silent, Loss = Losses.BinaryCrossEntropy(fromLogits: true) });
        History history = trainer.Fit(model, new TensorDataset(x, y));
        Assert.Equal(2, history.Epochs.Count);

        string json = model.Description.ToJson();
        var refused = Assert.ThrowsAny<Exception>(() => Model.FromJson(json, new LayerRegistry()));
        Assert.Contains("'Square'", refused.Message);
        using Model loaded = Model.FromJson(json, new LayerRegistry().Register<Square>().Register(MeanOverParticles), seed: 1);
        Assert.Equal(model.TrainableParameterCount, loaded.TrainableParameterCount);
    }
}
