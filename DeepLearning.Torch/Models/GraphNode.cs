namespace DeepLearning.Torch.Models;

/// <summary>One call of a layer in a model graph.</summary>
/// <param name="Id">Unique id of the call: the layer's name for its first call, <c>name@k</c> for its k-th further call.</param>
/// <param name="Layer">Name of the layer called.</param>
/// <param name="Inputs">Ids of the nodes whose outputs feed this call, in order (empty for an input).</param>
public sealed record GraphNode(string Id, string Layer, IReadOnlyList<string> Inputs);
