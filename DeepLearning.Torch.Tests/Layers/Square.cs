using DeepLearning.Torch.Layers;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>A layer written as an application would, outside the library, with its public API only: y = x².</summary>
public sealed record Square : Layer
{
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => inputs[0];

    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name);

    private sealed class Module(string name) : SingleInputModule(name)
    {
        public override Tensor Forward(Tensor input) => input.square();
    }
}
