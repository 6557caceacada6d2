namespace DeepLearning.Torch.Models;

/// <summary>
/// A module that can describe its own architecture as JSON, so that a checkpoint can rebuild it.
/// Models built by the model builder implement it.
/// </summary>
public interface IDescribedModule
{
    /// <summary>The architecture as JSON (layers, shapes, options; no weights).</summary>
    string DescribeAsJson();
}
