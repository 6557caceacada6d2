namespace DeepLearning.Torch.Layers;

/// <summary>
/// The layer types a JSON model description may name, by name. A new registry knows the library's layers; an
/// application adds its own layer types (<see cref="Register{T}"/>) and its <see cref="Lambda"/> layers
/// (<see cref="Register(Lambda)"/>) and passes the registry to <c>Model.FromJson</c> or <c>ModelDescription.FromJson</c>.
/// Reading never resolves a type from the text of a description: a name that is not registered is refused, so a
/// model file (untrusted input) cannot make the reader create an arbitrary .NET type or run a function the
/// application did not register.
/// </summary>
public sealed class LayerRegistry
{
    private readonly Dictionary<string, Type> types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Lambda> lambdas = new(StringComparer.Ordinal);

    /// <summary>Creates a registry that knows the library's layers.</summary>
    public LayerRegistry()
    {
        Type[] builtIn =
        [
            typeof(Input), typeof(Dense), typeof(Conv1D), typeof(Conv2D), typeof(SeparableConv2D), typeof(DepthwiseConv2D),
            typeof(MaxPooling2D), typeof(AveragePooling2D), typeof(GlobalMaxPooling2D), typeof(GlobalAveragePooling2D),
            typeof(Flatten), typeof(Reshape), typeof(Dropout), typeof(AlphaDropout), typeof(BatchNormalization),
            typeof(Activation), typeof(Add), typeof(Subtract), typeof(Multiply), typeof(Concatenate),
            typeof(ResidualBlock), typeof(InceptionBlock), typeof(LayerNormalization), typeof(TimeDistributed),
            typeof(GlobalAveragePooling1D), typeof(GlobalMaxPooling1D), typeof(GlobalSumPooling1D), typeof(Masking),
            typeof(Embedding), typeof(LSTM), typeof(GRU), typeof(MultiHeadAttention), typeof(TransformerEncoderBlock),
            typeof(ParticleFlowBlock), typeof(EdgeConvBlock), typeof(ParticlePairFeatures), typeof(ParticleAttentionBlock),
        ];
        foreach (Type type in builtIn) types.Add(type.Name, type);
    }

    /// <summary>The registered layer type names, the library's included.</summary>
    public IReadOnlyCollection<string> TypeNames => types.Keys;

    /// <summary>The function names of the registered Lambda layers.</summary>
    public IReadOnlyCollection<string> LambdaNames => lambdas.Keys;

    /// <summary>
    /// Registers the layer type <typeparamref name="T"/> under its type name (<c>typeof(T).Name</c>, the name JSON
    /// descriptions and summaries give it). JSON reads it with System.Text.Json: give it a public constructor whose
    /// parameters match its public properties (a positional record does), and mark properties that cannot be stored
    /// (delegates, modules) <c>[JsonIgnore]</c>. Registering the same type twice has no effect.
    /// </summary>
    /// <returns>This registry, to chain registrations.</returns>
    /// <exception cref="ArgumentException">The type is abstract, is <see cref="Lambda"/> (register Lambda instances), or
    /// another type is registered under the same name.</exception>
    public LayerRegistry Register<T>() where T : Layer
    {
        Type type = typeof(T);
        if (type.IsAbstract) throw new ArgumentException($"{type.FullName} is abstract; register the concrete layer types.", nameof(T));
        if (type.Name == nameof(Lambda)) throw new ArgumentException("A Lambda's function cannot be stored in JSON: register each Lambda layer with Register(lambda).", nameof(T));
        if (types.TryGetValue(type.Name, out Type? existing) && existing != type)
            throw new ArgumentException($"The layer type name '{type.Name}' is already registered for {existing.FullName}; a description names types by their short name, so rename {type.FullName}.", nameof(T));
        types[type.Name] = type;
        return this;
    }

    /// <summary>
    /// Registers a Lambda layer under its <see cref="Lambda.FunctionName"/>: a description naming that function
    /// reads back as this Lambda (with the description's layer name). Registering the same Lambda twice has no effect.
    /// </summary>
    /// <returns>This registry, to chain registrations.</returns>
    /// <exception cref="ArgumentException">Another Lambda is registered under the same function name.</exception>
    public LayerRegistry Register(Lambda lambda)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        if (lambdas.TryGetValue(lambda.FunctionName, out Lambda? existing) && existing != lambda)
            throw new ArgumentException($"Another Lambda is registered under the function name '{lambda.FunctionName}'.", nameof(lambda));
        lambdas[lambda.FunctionName] = lambda;
        return this;
    }

    /// <summary>The type registered under <paramref name="name"/>, or <c>null</c>.</summary>
    internal Type? FindType(string name) => types.GetValueOrDefault(name);

    /// <summary>The Lambda registered under <paramref name="functionName"/>, or <c>null</c>.</summary>
    internal Lambda? FindLambda(string functionName) => lambdas.GetValueOrDefault(functionName);
}
