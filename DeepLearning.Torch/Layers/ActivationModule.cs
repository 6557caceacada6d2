using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Layers;

/// <summary>The compiled <see cref="Activation"/>; PReLU owns one slope per channel (<c>weight</c>).</summary>
internal sealed class ActivationModule : SingleInputModule
{
    private readonly Activation activation;
    private readonly TorchSharp.Modules.Parameter? weight;

    public ActivationModule(string name, Activation activation, int channels) : base(name)
    {
        this.activation = activation;
        if (activation.Kind == ActivationKind.PRelu)
        {
            weight = new TorchSharp.Modules.Parameter(full(channels, activation.Alpha, dtype: float32));
            register_parameter("weight", weight);
        }
    }

    public override Tensor Forward(Tensor input) => activation.Kind switch
    {
        ActivationKind.Linear => input.alias(),
        ActivationKind.Relu => F.relu(input),
        ActivationKind.LeakyRelu => F.leaky_relu(input, activation.Alpha),
        ActivationKind.Elu => F.elu(input, activation.Alpha),
        ActivationKind.Selu => F.selu(input),
        ActivationKind.Sigmoid => F.sigmoid(input),
        ActivationKind.Tanh => F.tanh(input),
        ActivationKind.Softmax => F.softmax(input, 1),
        ActivationKind.Softplus => F.softplus(input),
        ActivationKind.PRelu => F.prelu(input, weight!),
        _ => throw new InvalidOperationException($"Unknown activation {activation.Kind}."),
    };

    /// <summary>Creates the module for an optional in-layer activation; <c>null</c> or linear gives <c>null</c>.</summary>
    public static ActivationModule? For(Activation? activation, int channels) =>
        activation is null || activation.Kind == ActivationKind.Linear ? null : new ActivationModule("activation", activation, channels);
}
