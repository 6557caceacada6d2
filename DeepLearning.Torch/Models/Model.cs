using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Models;

/// <summary>
/// A built model: an ordinary TorchSharp module (forward, parameters, <c>to(device)</c>, <c>state_dict</c>, save/load)
/// compiled from a <see cref="ModelDescription"/>. Each layer is a child module registered under the layer's name, so
/// parameters read <c>conv2d.weight</c>, <c>dense_1.bias</c>. Single-input, single-output models use
/// <see cref="nn.Module{T, TResult}.forward"/>; graphs with several inputs or outputs use <see cref="Forward(Tensor[])"/>.
/// The model owns its parameters: dispose it to free their native memory.
/// </summary>
public sealed class Model : nn.Module<Tensor, Tensor>, IRegularizedModule, IDescribedModule
{
    private readonly LayerModule[] nodeModules;      // per node
    private readonly int[][] nodeInputs;          // per node: indices of input nodes
    private readonly int[] inputNodes;
    private readonly int[] outputNodes;
    private readonly LayerModule[] distinctModules;

    /// <param name="description">The architecture.</param>
    /// <param name="generator">The random source of the initial weights, or <c>null</c>.</param>
    /// <param name="knownShapes">Output shapes per node already inferred by symbolic calls (which checked the layers),
    /// or <c>null</c> to check each layer call here.</param>
    private Model(ModelDescription description, Generator? generator, IReadOnlyList<Shape>? knownShapes) : base(description.Name)
    {
        Description = description;
        var context = new BuildContext(description.Preset, generator);
        var layers = new Dictionary<string, Layer>(StringComparer.Ordinal);
        foreach (var layer in description.Layers)
        {
            if (layer.Name is null) throw new ModelBuildException($"Model '{description.Name}': a {layer.TypeName} layer has no name.");
            if (!layers.TryAdd(layer.Name, layer)) throw new ModelBuildException($"Model '{description.Name}': two layers are named '{layer.Name}'.");
        }
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var compiled = new Dictionary<string, (LayerModule Module, Shape[] Inputs)>(StringComparer.Ordinal);
        var shapes = new List<Shape>();
        var infos = new List<LayerInfo>();
        nodeModules = new LayerModule[description.Nodes.Count];
        nodeInputs = new int[description.Nodes.Count][];
        for (int n = 0; n < description.Nodes.Count; n++)
        {
            GraphNode node = description.Nodes[n];
            if (!layers.TryGetValue(node.Layer, out Layer? layer))
                throw new ModelBuildException($"Model '{description.Name}': node '{node.Id}' calls unknown layer '{node.Layer}'.");
            string where = $"Layer '{layer.Name}' ({layer.TypeName})";
            nodeInputs[n] = node.Inputs.Select(id => index.TryGetValue(id, out int i) ? i
                : throw new ModelBuildException($"{where}: input '{id}' is not defined before it.")).ToArray();
            Shape[] inputShapes = nodeInputs[n].Select(i => shapes[i]).ToArray();
            Shape output = knownShapes is null ? layer.Apply(inputShapes, where) : knownShapes[n];
            if (compiled.TryGetValue(layer.Name!, out var existing))
            {
                if (!existing.Inputs.SequenceEqual(inputShapes))
                    throw new ModelBuildException($"{where}: a shared layer must be called on the same shapes; called on {string.Join(", ", existing.Inputs.AsEnumerable())} and on {string.Join(", ", inputShapes.AsEnumerable())}.");
                nodeModules[n] = existing.Module;
            }
            else
            {
                nodeModules[n] = layer.CompileModule(layer.Name!, inputShapes, context);
                compiled[layer.Name!] = (nodeModules[n], inputShapes);
                if (layer is not Input) register_module(layer.Name!, nodeModules[n]);
            }
            if (!index.TryAdd(node.Id, n)) throw new ModelBuildException($"Model '{description.Name}': two nodes have id '{node.Id}'.");
            shapes.Add(output);
            infos.Add(new LayerInfo(node.Id, layer, output, node.Inputs, nodeModules[n]));
        }
        inputNodes = description.Inputs.Select(id => Lookup(index, id, "input")).ToArray();
        outputNodes = description.Outputs.Select(id => Lookup(index, id, "output")).ToArray();
        foreach (int i in inputNodes)
        {
            if (description.Nodes[i].Inputs.Count != 0 || layers[description.Nodes[i].Layer] is not Input)
                throw new ModelBuildException($"Model '{description.Name}': model input '{description.Nodes[i].Id}' is not an Input layer.");
        }
        distinctModules = compiled.Values.Select(c => c.Module).ToArray();
        InputShapes = inputNodes.Select(i => shapes[i]).ToArray();
        OutputShapes = outputNodes.Select(i => shapes[i]).ToArray();
        Layers = infos;
    }

    /// <summary>The architecture this model was built from.</summary>
    public ModelDescription Description { get; }

    /// <summary>The sample shapes (batch excluded) of the inputs, in order.</summary>
    public IReadOnlyList<Shape> InputShapes { get; }

    /// <summary>The sample shapes (batch excluded) of the outputs, in order.</summary>
    public IReadOnlyList<Shape> OutputShapes { get; }

    /// <summary>Every layer call in execution order, with its output shape and parameter counts.</summary>
    public IReadOnlyList<LayerInfo> Layers { get; }

    /// <summary>Builds a model from a description.</summary>
    /// <param name="description">The architecture.</param>
    /// <param name="seed">Seed of the weight initialisation; <c>null</c> draws from libtorch's global generator.</param>
    /// <exception cref="ModelBuildException">The description is inconsistent; the message names the layer and shapes.</exception>
    /// <exception cref="TorchNotAvailableException">libtorch cannot be loaded.</exception>
    public static Model Build(ModelDescription description, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(description);
        return Build(description, null, seed);
    }

    private static Model Build(ModelDescription description, IReadOnlyList<Shape>? knownShapes, long? seed)
    {
        TorchRuntime.EnsureLoaded();
        if (seed is null) return new Model(description, null, knownShapes);
        using var generator = new Generator((ulong)seed.Value);
        return new Model(description, generator, knownShapes);
    }

    /// <summary>Builds a functional model from symbolic inputs and outputs (Keras' <c>Model(inputs, outputs)</c>).</summary>
    /// <param name="inputs">The model's inputs, from <see cref="Input.Create(int[])"/>, in the order forward takes them.</param>
    /// <param name="outputs">The model's outputs, in the order forward returns them.</param>
    /// <param name="name">The model's name. <value>Default "model".</value></param>
    /// <param name="preset">Defaults for unspecified options. <value>Default Torch.</value></param>
    /// <param name="seed">Seed of the weight initialisation. <value>Default null (global generator).</value></param>
    /// <exception cref="ModelBuildException">The graph is inconsistent; the message names the layer and shapes.</exception>
    public static Model FromGraph(IReadOnlyList<SymbolicTensor> inputs, IReadOnlyList<SymbolicTensor> outputs,
        string name = "model", InitPreset preset = InitPreset.Torch, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var (description, shapes) = GraphBuilder.FromGraph(inputs, outputs, name, preset);
        return Build(description, shapes, seed);
    }

    /// <summary>Builds a functional model with one output.</summary>
    /// <inheritdoc cref="FromGraph(IReadOnlyList{SymbolicTensor}, IReadOnlyList{SymbolicTensor}, string, InitPreset, long?)"/>
    public static Model FromGraph(IReadOnlyList<SymbolicTensor> inputs, SymbolicTensor outputs,
        string name = "model", InitPreset preset = InitPreset.Torch, long? seed = null) =>
        FromGraph(inputs, [outputs], name, preset, seed);

    /// <summary>Rebuilds a model (fresh weights) from JSON written by <see cref="DescribeAsJson"/>.</summary>
    /// <exception cref="ModelBuildException">The JSON is not a valid description.</exception>
    public static Model FromJson(string json, long? seed = null) => Build(ModelDescription.FromJson(json), seed);

    /// <summary>
    /// Rebuilds a model (fresh weights) from JSON written by <see cref="DescribeAsJson"/>, with the application's own
    /// layer types and Lambda layers; names that <paramref name="registry"/> does not know are refused.
    /// </summary>
    /// <param name="json">The description (untrusted input).</param>
    /// <param name="registry">The layer types and Lambda layers the application allows.</param>
    /// <param name="seed">Seed of the weight initialisation. <value>Default null (global generator).</value></param>
    /// <exception cref="ModelBuildException">The JSON is not a valid description, or names a layer that is not registered.</exception>
    public static Model FromJson(string json, LayerRegistry registry, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return Build(ModelDescription.FromJson(json, registry), seed);
    }

    /// <inheritdoc/>
    public string DescribeAsJson() => Description.ToJson();

    /// <summary>Runs a single-input, single-output model on a batch.</summary>
    /// <exception cref="InvalidOperationException">The model has several inputs or outputs.</exception>
    /// <exception cref="ArgumentException">The batch shape does not fit the input layer.</exception>
    public override Tensor forward(Tensor input)
    {
        if (inputNodes.Length != 1 || outputNodes.Length != 1)
            throw new InvalidOperationException($"Model '{Description.Name}' has {inputNodes.Length} inputs and {outputNodes.Length} outputs; call Forward(params Tensor[]).");
        return Forward(input)[0];
    }

    /// <summary>Runs the model on one batch per input and returns one tensor per output (owned by the caller).</summary>
    /// <exception cref="ArgumentException">The number of inputs or a batch shape does not fit the model.</exception>
    public Tensor[] Forward(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length != inputNodes.Length)
            throw new ArgumentException($"Model '{Description.Name}' takes {inputNodes.Length} input(s), got {inputs.Length}.", nameof(inputs));
        for (int i = 0; i < inputs.Length; i++) CheckInput(i, inputs[i]);
        using var scope = NewDisposeScope();
        var values = new Tensor[nodeModules.Length];
        for (int i = 0; i < inputNodes.Length; i++) values[inputNodes[i]] = inputs[i];
        for (int n = 0; n < nodeModules.Length; n++)
        {
            if (values[n] is not null) continue;
            int[] from = nodeInputs[n];
            var args = new Tensor[from.Length];
            for (int a = 0; a < from.Length; a++) args[a] = values[from[a]];
            values[n] = nodeModules[n].Forward(args);
        }
        // An output that is an input itself is returned as an alias, so the caller may dispose every result.
        var results = outputNodes.Select(o => inputNodes.Contains(o) ? values[o].alias() : values[o]).ToArray();
        foreach (var r in results) r.MoveToOuterDisposeScope();
        return results;
    }

    /// <inheritdoc/>
    public Tensor? RegularizationLoss()
    {
        Tensor? total = null;
        foreach (var module in distinctModules)
        {
            Tensor? penalty = module.RegularizationLoss();
            if (penalty is not null) total = total is null ? penalty : total.add(penalty);
        }
        return total;
    }

    /// <summary>A Keras-style table: each layer, its output shape, parameter count and (for graphs) inputs; then totals.</summary>
    public string Summary() => ModelSummary.Format(this);

    /// <summary>Number of trainable parameters (requiring gradients).</summary>
    public long TrainableParameterCount => parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>Number of non-trainable values: frozen parameters and batch-norm running statistics, as Keras counts them.</summary>
    public long NonTrainableParameterCount =>
        parameters().Where(p => !p.requires_grad).Sum(p => p.numel()) + named_buffers().Where(b => b.Item2.is_floating_point()).Sum(b => b.Item2.numel());

    private void CheckInput(int i, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Shape expected = InputShapes[i];
        bool fits = input.dim() == expected.Rank + 1;
        for (int d = 0; fits && d < expected.Rank; d++) fits = input.shape[d + 1] == expected[d];
        if (!fits)
        {
            string name = Description.Nodes[inputNodes[i]].Id;
            throw new ArgumentException(
                $"Model '{Description.Name}', layer '{name}' (Input): expected batches of shape {expected.ToBatchString().Replace("None", "N")}, " +
                $"got ({string.Join(", ", input.shape)}).", nameof(input));
        }
    }

    private static int Lookup(Dictionary<string, int> index, string id, string what) =>
        index.TryGetValue(id, out int i) ? i : throw new ModelBuildException($"Model {what} '{id}' is not a node of the graph.");
}
