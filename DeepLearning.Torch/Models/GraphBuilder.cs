using System.Text;
using DeepLearning.Torch.Layers;

namespace DeepLearning.Torch.Models;

/// <summary>Turns a Sequential list or a graph of symbolic tensors into a <see cref="ModelDescription"/>.</summary>
internal static class GraphBuilder
{
    /// <summary>Keras-style default name of a layer type: Conv2D → conv2d, MaxPooling2D → max_pooling2d.</summary>
    public static string SnakeCase(string typeName)
    {
        var text = new StringBuilder();
        for (int i = 0; i < typeName.Length; i++)
        {
            char c = typeName[i];
            if (char.IsUpper(c) && i > 0 && char.IsLower(typeName[i - 1])) text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    public static ModelDescription FromSequential(IReadOnlyList<Layer> layers, string name, InitPreset preset)
    {
        if (layers.Count == 0 || layers[0] is not Input)
        {
            string first = layers.Count == 0 ? "nothing" : layers[0].TypeName;
            throw new ModelBuildException(
                $"Sequential '{name}': the first layer must be an Input giving the shape of one sample, e.g. new Input(3, 32, 32); got {first}.");
        }
        if (layers.Skip(1).FirstOrDefault(l => l is Input) is { } extra)
            throw new ModelBuildException($"Sequential '{name}': only the first layer may be an Input; found another ({extra.Name ?? "unnamed"}). Use the functional API for several inputs.");
        if (layers.Skip(1).FirstOrDefault(l => l.IsMerge) is { } merge)
            throw new ModelBuildException($"Sequential '{name}': {merge.TypeName} merges several inputs; use the functional API (Model.FromGraph) for it.");
        var named = Name(layers);
        var nodes = new List<GraphNode>();
        var seen = new Dictionary<string, int>();
        string? previous = null;
        foreach (Layer layer in named)
        {
            string id = NodeId(layer.Name!, seen);
            nodes.Add(new GraphNode(id, layer.Name!, previous is null ? [] : [previous]));
            previous = id;
        }
        return new ModelDescription(name, preset, Distinct(named), nodes, [nodes[0].Id], [previous!]);
    }

    /// <summary>
    /// The description of a graph of symbolic tensors, and the output shape of each node (in node order) as the
    /// symbolic calls inferred them, so that building the model does not check the layers again.
    /// </summary>
    public static (ModelDescription Description, Shape[] Shapes) FromGraph(IReadOnlyList<SymbolicTensor> inputs, IReadOnlyList<SymbolicTensor> outputs, string name, InitPreset preset)
    {
        if (inputs.Count == 0) throw new ModelBuildException($"Model '{name}': no inputs given.");
        if (outputs.Count == 0) throw new ModelBuildException($"Model '{name}': no outputs given.");
        foreach (var input in inputs)
        {
            if (input.Layer is not Input)
                throw new ModelBuildException($"Model '{name}': every model input must come from Input.Create; {input} does not.");
        }
        // Depth-first post-order from the outputs: inputs of a call come before it.
        var order = new List<SymbolicTensor>();
        var visited = new HashSet<SymbolicTensor>(ReferenceEqualityComparer.Instance);
        foreach (var output in outputs) Visit(output, visited, order);
        foreach (var tensor in order.Where(t => t.Layer is Input))
        {
            if (!inputs.Contains(tensor, ReferenceEqualityComparer.Instance))
                throw new ModelBuildException($"Model '{name}': the outputs depend on input '{tensor.Layer.Name ?? "unnamed"}' {tensor.Shape}, which is not among the model's inputs.");
        }
        foreach (var input in inputs)
        {
            if (!visited.Contains(input))
                throw new ModelBuildException($"Model '{name}': input '{input.Layer.Name ?? "unnamed"}' {input.Shape} is not connected to any output.");
        }
        // Inputs that no layer reads come first in the order the caller gave them.
        var inputSet = new HashSet<SymbolicTensor>(inputs, ReferenceEqualityComparer.Instance);
        order = [.. inputs, .. order.Where(t => !inputSet.Contains(t))];

        var distinctLayers = order.Select(t => t.Layer).Distinct(ReferenceEqualityComparer.Instance).Cast<Layer>().ToList();
        var renamed = Name(distinctLayers);
        var nameOf = new Dictionary<Layer, string>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < distinctLayers.Count; i++) nameOf[distinctLayers[i]] = renamed[i].Name!;

        var idOf = new Dictionary<SymbolicTensor, string>(ReferenceEqualityComparer.Instance);
        var seen = new Dictionary<string, int>();
        var nodes = new List<GraphNode>();
        foreach (var tensor in order)
        {
            string layerName = nameOf[tensor.Layer];
            string id = NodeId(layerName, seen);
            idOf[tensor] = id;
            nodes.Add(new GraphNode(id, layerName, tensor.Inputs.Select(i => idOf[i]).ToArray()));
        }
        var description = new ModelDescription(name, preset, renamed, nodes, inputs.Select(i => idOf[i]).ToArray(), outputs.Select(o => idOf[o]).ToArray());
        return (description, order.Select(t => t.Shape).ToArray());
    }

    private static void Visit(SymbolicTensor tensor, HashSet<SymbolicTensor> visited, List<SymbolicTensor> order)
    {
        if (!visited.Add(tensor)) return;
        foreach (var input in tensor.Inputs) Visit(input, visited, order);
        order.Add(tensor);
    }

    private static string NodeId(string layerName, Dictionary<string, int> seen)
    {
        int calls = seen.GetValueOrDefault(layerName);
        seen[layerName] = calls + 1;
        return calls == 0 ? layerName : $"{layerName}@{calls}";
    }

    /// <summary>Gives every unnamed layer a Keras-style name; the same instance keeps one name.</summary>
    private static List<Layer> Name(IReadOnlyList<Layer> layers)
    {
        var given = new Dictionary<Layer, string>(ReferenceEqualityComparer.Instance);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (layer.Name is null || given.ContainsKey(layer)) continue;
            if (layer.Name.Length == 0 || layer.Name.Any(c => char.IsWhiteSpace(c) || c == '.' || c == '@'))
                throw new ModelBuildException($"Layer name '{layer.Name}' ({layer.TypeName}) is not valid: use a non-empty name without spaces, '.' or '@'.");
            if (!taken.Add(layer.Name))
                throw new ModelBuildException($"Two different layers are named '{layer.Name}'; layer names must be unique within a model.");
            given[layer] = layer.Name;
        }
        var counters = new Dictionary<string, int>();
        var result = new List<Layer>();
        foreach (var layer in layers)
        {
            if (!given.TryGetValue(layer, out string? name))
            {
                string stem = SnakeCase(layer.TypeName);
                do
                {
                    int k = counters.GetValueOrDefault(stem);
                    counters[stem] = k + 1;
                    name = k == 0 ? stem : $"{stem}_{k}";
                }
                while (!taken.Add(name));
                given[layer] = name;
            }
            result.Add(layer.Name == name ? layer : layer with { Name = name });
        }
        return result;
    }

    private static List<Layer> Distinct(List<Layer> layers) =>
        layers.GroupBy(l => l.Name).Select(g => g.First()).ToList();
}
