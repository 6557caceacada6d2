using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A layer computed by the application's own code (Keras <c>Lambda</c>): a tensor function, or a TorchSharp module
/// created for the input shape, with a declared output shape. A wrapped module's parameters belong to the model
/// (<c>name.module.weight</c>): they train, move with <c>to(device)</c>, are saved with the model and may carry a
/// <see cref="Regularizer"/>. One input, batch first: the function receives (N, ...input shape) and must return
/// (N, ...output shape), which is checked on every call.
/// </summary>
/// <remarks>
/// A function cannot be stored in JSON: a description records only <see cref="FunctionName"/>, and reading it needs
/// the application to register this Lambda under that name (<see cref="LayerRegistry.Register(Lambda)"/>). A tensor a
/// function captures does not move with the model's device.
/// </remarks>
public sealed record Lambda : Layer
{
    /// <summary>A Lambda computing <paramref name="function"/>, whose output has <paramref name="outputShape"/>.</summary>
    /// <param name="functionName">The name the function is registered under for JSON descriptions; not empty.</param>
    /// <param name="function">Maps a batch (N, ...input) to a batch (N, ...output); the caller owns the result.</param>
    /// <param name="outputShape">The output sample shape. <value>Default null: the input's shape.</value></param>
    /// <exception cref="ArgumentException"><paramref name="functionName"/> is empty.</exception>
    public Lambda(string functionName, Func<Tensor, Tensor> function, Shape? outputShape = null)
        : this(functionName, function, null, outputShape is null ? null : _ => outputShape)
    {
        ArgumentNullException.ThrowIfNull(function);
    }

    /// <summary>A Lambda computing <paramref name="function"/>, whose output shape <paramref name="outputShape"/> computes from the input's.</summary>
    /// <param name="functionName">The name the function is registered under for JSON descriptions; not empty.</param>
    /// <param name="function">Maps a batch (N, ...input) to a batch (N, ...output); the caller owns the result.</param>
    /// <param name="outputShape">The output sample shape for an input sample shape.</param>
    /// <exception cref="ArgumentException"><paramref name="functionName"/> is empty.</exception>
    public Lambda(string functionName, Func<Tensor, Tensor> function, Func<Shape, Shape> outputShape)
        : this(functionName, function, null, outputShape ?? throw new ArgumentNullException(nameof(outputShape)))
    {
        ArgumentNullException.ThrowIfNull(function);
    }

    private Lambda(string functionName, Func<Tensor, Tensor>? function, Func<Shape, nn.Module<Tensor, Tensor>>? createModule, Func<Shape, Shape>? outputShape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        FunctionName = functionName;
        Function = function;
        CreateModule = createModule;
        ComputeOutputShape = outputShape;
    }

    /// <summary>A Lambda running a TorchSharp module that <paramref name="createModule"/> creates for each build from the input shape.</summary>
    /// <param name="functionName">The name the Lambda is registered under for JSON descriptions; not empty.</param>
    /// <param name="createModule">Creates a fresh module for an input sample shape, e.g. <c>s =&gt; nn.Linear(s[-1], 8)</c>; the model owns it.</param>
    /// <param name="outputShape">The output sample shape. <value>Default null: the input's shape.</value></param>
    /// <exception cref="ArgumentException"><paramref name="functionName"/> is empty.</exception>
    public static Lambda FromModule(string functionName, Func<Shape, nn.Module<Tensor, Tensor>> createModule, Shape? outputShape = null)
    {
        ArgumentNullException.ThrowIfNull(createModule);
        return new(functionName, null, createModule, outputShape is null ? null : _ => outputShape);
    }

    /// <summary>A Lambda running a module created from the input shape, with an output-shape function.</summary>
    /// <inheritdoc cref="FromModule(string, Func{Shape, nn.Module{Tensor, Tensor}}, Shape?)"/>
    public static Lambda FromModule(string functionName, Func<Shape, nn.Module<Tensor, Tensor>> createModule, Func<Shape, Shape> outputShape)
    {
        ArgumentNullException.ThrowIfNull(createModule);
        ArgumentNullException.ThrowIfNull(outputShape);
        return new(functionName, null, createModule, outputShape);
    }

    /// <summary>The name this Lambda is registered under; the only part of it a JSON description stores.</summary>
    public string FunctionName { get; }

    /// <summary>The tensor function, or <c>null</c> when the Lambda wraps a module.</summary>
    [JsonIgnore]
    public Func<Tensor, Tensor>? Function { get; }

    /// <summary>Creates the wrapped module for an input shape, or <c>null</c> when the Lambda is a function.</summary>
    [JsonIgnore]
    public Func<Shape, nn.Module<Tensor, Tensor>>? CreateModule { get; }

    /// <summary>The output sample shape for an input sample shape; <c>null</c> keeps the input's shape.</summary>
    [JsonIgnore]
    public Func<Shape, Shape>? ComputeOutputShape { get; }

    /// <summary>Penalty on every trainable parameter of the wrapped module. <value>Default none.</value></summary>
    [JsonIgnore]
    public Regularizer? Regularizer { get; init; }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        if (ComputeOutputShape is null) return Single(inputs);
        Shape? output;
        try
        {
            output = ComputeOutputShape(Single(inputs));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new ModelBuildException($"{where}: the output shape of '{FunctionName}' for input {Single(inputs)} failed: {e.Message}", e);
        }
        return output ?? throw new ModelBuildException($"{where}: the output-shape function of '{FunctionName}' returned null for input {Single(inputs)}.");
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        Shape output = InferShape(inputs, name);
        nn.Module<Tensor, Tensor>? module = CreateModule?.Invoke(Single(inputs));
        if (CreateModule is not null && module is null)
            throw new ModelBuildException($"Layer '{name}' (Lambda): the module factory of '{FunctionName}' returned null.");
        return new Module(name, this, output, module);
    }

    private sealed class Module : SingleInputModule
    {
        private readonly string layerName;
        private readonly Lambda layer;
        private readonly long[] output;
        private readonly nn.Module<Tensor, Tensor>? inner;

        public Module(string name, Lambda layer, Shape output, nn.Module<Tensor, Tensor>? inner) : base(name)
        {
            layerName = name;
            this.layer = layer;
            this.output = output.Dimensions.Select(d => (long)d).ToArray();
            this.inner = inner;
            if (inner is not null) register_module("module", inner);
        }

        public override Tensor Forward(Tensor input)
        {
            Tensor result = inner is not null ? inner.forward(input) : layer.Function!(input);
            // A function returning its input (an identity) must not hand the caller's tensor back as a new result.
            if (ReferenceEquals(result, input)) result = input.alias();
            if (result.dim() != output.Length + 1 || !result.shape.AsSpan(1).SequenceEqual(output) || result.shape[0] != input.shape[0])
            {
                string got = string.Join(", ", result.shape);
                result.Dispose();
                throw new InvalidOperationException(
                    $"Layer '{layerName}' (Lambda '{layer.FunctionName}'): returned a batch of shape ({got}) for input ({string.Join(", ", input.shape)}), " +
                    $"but the layer declares the output shape {new Shape(output.Select(d => (int)d).ToArray()).ToBatchString().Replace("None", "N")}; fix the function or the declared output shape.");
            }
            return result;
        }

        public override Tensor? RegularizationLoss() =>
            inner is null || layer.Regularizer is null ? null
                : inner.parameters().Where(p => p.requires_grad).Aggregate((Tensor?)null, (sum, p) => Sum(sum, layer.Regularizer.Penalty(p)));
    }
}
