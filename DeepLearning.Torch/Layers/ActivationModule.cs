using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The compiled <see cref="Activation"/>. Softmax and PReLU's slopes act along one batch dimension, the feature axis:
/// the last for Dense and the Activation layer, 1 (channels) for convolutions. PReLU owns one slope per feature (<c>weight</c>).
/// </summary>
internal sealed class ActivationModule : SingleInputModule
{
    private readonly Activation activation;
    private readonly TorchSharp.Modules.Parameter? weight;
    private readonly long dim;

    /// <param name="name">Module name.</param>
    /// <param name="activation">The function.</param>
    /// <param name="features">Size of the feature axis (PReLU's number of slopes).</param>
    /// <param name="dim">The batch dimension of the feature axis (negative counts from the end).</param>
    public ActivationModule(string name, Activation activation, int features, long dim) : base(name)
    {
        this.activation = activation;
        this.dim = dim;
        if (activation.Kind == ActivationKind.PRelu)
        {
            weight = new TorchSharp.Modules.Parameter(full(features, activation.Alpha, dtype: float32));
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
        ActivationKind.Softmax => F.softmax(input, dim),
        ActivationKind.Softplus => F.softplus(input),
        ActivationKind.PRelu => PRelu(input),
        ActivationKind.Gelu => F.gelu(input),
        ActivationKind.Swish => F.silu(input),
        _ => throw new InvalidOperationException($"Unknown activation {activation.Kind}."),
    };

    /// <summary>torch's prelu takes its slopes along dimension 1; along another axis they are broadcast there.</summary>
    private Tensor PRelu(Tensor input)
    {
        long axis = dim < 0 ? input.dim() + dim : dim;
        if (axis == 1 || input.dim() == 1) return F.prelu(input, weight!);
        using var scope = NewDisposeScope();
        long[] shape = Enumerable.Repeat(1L, (int)input.dim()).ToArray();
        shape[axis] = weight!.shape[0];
        return input.clamp_min(0).add(input.clamp_max(0).mul(weight.view(shape))).MoveToOuterDisposeScope();
    }

    /// <summary>Creates the module for an optional in-layer activation; <c>null</c> or linear gives <c>null</c>.</summary>
    public static ActivationModule? For(Activation? activation, int features, long dim) =>
        activation is null || activation.Kind == ActivationKind.Linear ? null : new ActivationModule("activation", activation, features, dim);
}
