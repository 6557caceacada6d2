namespace DeepLearning.Torch.Layers;

/// <summary>
/// An immutable description of a layer: what it computes and its options, never its weights. Descriptions are
/// composed in a <c>Sequential</c> or called on symbolic tensors (<see cref="Call(SymbolicTensor[])"/>) to form a
/// graph; <c>Build</c> infers every shape and compiles the graph into a TorchSharp module (<c>Model</c>). Calling the
/// same description instance twice shares its weights (Keras' shared layers).
/// </summary>
/// <remarks>
/// Write a layer of your own by deriving a record from it and overriding <see cref="InferShape"/> (the output shape
/// for given input shapes) and <see cref="Compile"/> (the module computing it, with its weights created from the
/// input shapes); override <see cref="Validate"/> for option checks and <see cref="MinInputs"/> /
/// <see cref="MaxInputs"/> for merge layers. A layer's options are checked once, when it is applied to input shapes
/// (<see cref="Call(SymbolicTensor[])"/> or a Sequential's <c>Build</c>), by <see cref="Validate"/> and then
/// <see cref="InferShape"/>; errors are <see cref="ModelBuildException"/>s that begin with the <c>where</c> text
/// handed in (<c>Layer 'square' (Square)</c>). For JSON descriptions, register the type in a <see cref="LayerRegistry"/>.
/// </remarks>
public abstract record Layer
{
    /// <summary>
    /// The layer's name, unique within a model; it prefixes the layer's parameter names (<c>dense_1.weight</c>).
    /// <value>Default <c>null</c>: the builder names it after its type and position (<c>conv2d_1</c>, <c>conv2d_2</c>).</value>
    /// </summary>
    public string? Name { get; init; }

    /// <summary>Applies the layer to symbolic tensors (the functional API) and returns its symbolic output.</summary>
    /// <exception cref="ModelBuildException">The options are invalid or the inputs' shapes do not fit this layer.</exception>
    public SymbolicTensor Call(params SymbolicTensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return SymbolicTensor.Apply(this, inputs);
    }

    /// <summary>The type name shown in summaries and written to JSON descriptions, e.g. <c>Conv2D</c>.</summary>
    internal string TypeName => GetType().Name;

    /// <summary>Smallest number of inputs the layer accepts. <value>Default 1.</value></summary>
    protected virtual int MinInputs => 1;

    /// <summary>Largest number of inputs the layer accepts (<see cref="int.MaxValue"/> for any number). <value>Default 1.</value></summary>
    protected virtual int MaxInputs => 1;

    /// <summary>Checks the options; throws <see cref="ModelBuildException"/> whose message begins with <paramref name="where"/>.</summary>
    /// <param name="where">Names the layer for messages: <c>Layer 'dense_1' (Dense)</c>, or the type for an unnamed layer.</param>
    protected virtual void Validate(string where) { }

    /// <summary>
    /// The output sample shape (batch excluded) for the given input sample shapes; throws
    /// <see cref="ModelBuildException"/>, its message beginning with <paramref name="where"/>, when they do not fit.
    /// Called after <see cref="Validate"/> with as many shapes as <see cref="MinInputs"/>..<see cref="MaxInputs"/> allow.
    /// </summary>
    /// <param name="inputs">The sample shapes of the inputs, in call order.</param>
    /// <param name="where">Names the layer for messages.</param>
    protected abstract Shape InferShape(IReadOnlyList<Shape> inputs, string where);

    /// <summary>
    /// Creates the module computing the layer, with freshly initialised weights for the given input shapes (already
    /// checked by <see cref="InferShape"/>). Create parameters with <see cref="BuildContext.Parameter"/> so that the
    /// model's seed and preset apply; the module's parameter names follow the layer's name in the model.
    /// </summary>
    /// <param name="name">The layer's name in the model (the module's name).</param>
    /// <param name="inputs">The sample shapes of the inputs, in call order.</param>
    /// <param name="context">The model's preset and random source.</param>
    protected abstract LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context);

    /// <summary>
    /// The one place where a layer is checked against its inputs: the input count, then the options, then the shapes.
    /// Symbolic calls and model builds both come here, so each layer call is validated once.
    /// </summary>
    internal Shape Apply(IReadOnlyList<Shape> inputs, string where)
    {
        if (inputs.Count < MinInputs || inputs.Count > MaxInputs)
        {
            string expected = MinInputs == MaxInputs ? $"{MinInputs}"
                : MaxInputs == int.MaxValue ? $"at least {MinInputs}" : $"{MinInputs} to {MaxInputs}";
            throw new ModelBuildException($"{where}: takes {expected} input(s), got {inputs.Count}.");
        }
        Validate(where);
        return InferShape(inputs, where) ?? throw new ModelBuildException($"{where}: InferShape returned no shape.");
    }

    /// <summary>Compiles the layer for input shapes that <see cref="Apply"/> accepted.</summary>
    internal LayerModule CompileModule(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        Compile(name, inputs, context) ?? throw new ModelBuildException($"Layer '{name}' ({TypeName}): Compile returned no module.");

    /// <summary>Checks the options of a layer embedded in another (an in-layer activation, a block's convolution).</summary>
    internal void ValidateOptions(string where) => Validate(where);

    /// <summary>Whether the layer needs several inputs (a merge layer, not allowed in a Sequential).</summary>
    internal bool IsMerge => MinInputs > 1;

    /// <summary>The text naming the layer in messages: <c>Layer 'dense_1' (Dense)</c>, or the type when unnamed.</summary>
    internal string Where => Name is null ? TypeName : $"Layer '{Name}' ({TypeName})";

    /// <summary>Helper for single-input layers: the one input shape.</summary>
    private protected static Shape Single(IReadOnlyList<Shape> inputs) => inputs[0];
}
