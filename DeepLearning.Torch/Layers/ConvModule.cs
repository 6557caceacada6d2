using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A compiled 1D or 2D convolution: <c>weight</c> (out, in / groups, k...), optional <c>bias</c>, Keras-exact
/// padding (asymmetric padding is applied explicitly), and an optional activation.
/// </summary>
internal sealed class ConvModule : SingleInputModule
{
    private readonly TorchSharp.Modules.Parameter weight;
    private readonly TorchSharp.Modules.Parameter? bias;
    private readonly long[] strides;
    private readonly long[] dilation;
    private readonly long[] symmetricPadding;
    private readonly long[]? explicitPadding;
    private readonly long groups;
    private readonly ActivationModule? activation;
    private readonly Regularizer? kernelRegularizer;
    private readonly Regularizer? biasRegularizer;

    public ConvModule(string name, ConvSpec spec, BuildContext context) : base(name)
    {
        int rank = spec.Kernel.Length;
        long receptive = spec.Kernel.Aggregate(1L, (a, k) => a * k);
        long fanIn = spec.InChannels / spec.Groups * receptive;
        long fanOut = spec.OutChannels * receptive;
        long[] shape = [spec.OutChannels, spec.InChannels / spec.Groups, .. spec.Kernel.Select(k => (long)k)];
        weight = context.Parameter(shape, context.KernelInitializer(spec.KernelInitializer, spec.Activation), fanIn, fanOut);
        register_parameter("weight", weight);
        if (spec.UseBias)
        {
            bias = context.Parameter([spec.OutChannels], context.BiasInitializer(spec.BiasInitializer), fanIn, fanOut);
            register_parameter("bias", bias);
        }
        strides = spec.Strides.Select(s => (long)s).ToArray();
        dilation = spec.Dilation.Select(d => (long)d).ToArray();
        groups = spec.Groups;
        bool symmetric = spec.Axes.All(a => a.PadBefore == a.PadAfter);
        symmetricPadding = symmetric ? spec.Axes.Select(a => (long)a.PadBefore).ToArray() : new long[rank];
        if (!symmetric)
        {
            // F.pad takes (last dim before, last dim after, previous dim before, ...).
            explicitPadding = spec.Axes.Reverse().SelectMany(a => new long[] { a.PadBefore, a.PadAfter }).ToArray();
        }
        activation = ActivationModule.For(spec.Activation, spec.OutChannels, dim: 1);
        if (activation is not null) register_module("activation", activation);
        kernelRegularizer = spec.KernelRegularizer;
        biasRegularizer = spec.BiasRegularizer;
    }

    public override Tensor Forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = explicitPadding is null ? input : F.pad(input, explicitPadding);
        Tensor y = strides.Length == 1
            ? F.conv1d(x, weight, bias, strides[0], symmetricPadding[0], dilation[0], groups)
            : F.conv2d(x, weight, bias, strides, symmetricPadding, dilation, groups);
        if (activation is not null) y = activation.Forward(y);
        return y.MoveToOuterDisposeScope();
    }

    public override Tensor? RegularizationLoss() =>
        Sum(kernelRegularizer?.Penalty(weight), bias is null ? null : biasRegularizer?.Penalty(bias));
}

/// <summary>Everything <see cref="ConvModule"/> needs, resolved from a layer description and its input shape.</summary>
internal sealed record ConvSpec(
    int InChannels, int OutChannels, int[] Kernel, int[] Strides, int[] Dilation, int Groups,
    ConvGeometry.Axis[] Axes, bool UseBias, Activation? Activation,
    Initializer? KernelInitializer, Initializer? BiasInitializer,
    Regularizer? KernelRegularizer, Regularizer? BiasRegularizer);
