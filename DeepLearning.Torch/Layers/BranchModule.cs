using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The compiled form of a block made of layers: one or more branches, each a chain of compiled layers applied in
/// order to the block's input (an empty branch passes the input through), and a function combining the branches'
/// outputs (concatenation, a sum and an activation, or the single branch's output). Steps are registered under the
/// names given, so parameters are named <c>block.step.weight</c>; a step without a name (a parameter-free pooling)
/// is applied but not registered.
/// </summary>
internal sealed class BranchModule : SingleInputModule
{
    private readonly List<LayerModule[]> branches = [];
    private readonly Func<Tensor[], Tensor> combine;

    /// <param name="name">The block's name in the model.</param>
    /// <param name="combine">Combines the branches' outputs, in the order they were added, into the block's output.</param>
    public BranchModule(string name, Func<Tensor[], Tensor> combine) : base(name)
    {
        this.combine = combine;
    }

    /// <summary>Adds a branch: its steps in the order they are applied, each registered under its name unless null.</summary>
    public void AddBranch(params (string? Name, LayerModule Module)[] steps)
    {
        foreach (var (stepName, module) in steps)
        {
            if (stepName is not null) Adopt(stepName, module);
        }
        branches.Add(steps.Select(s => s.Module).ToArray());
    }

    public override Tensor Forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var outputs = branches.Select(steps => steps.Aggregate(input, (x, m) => m.Forward([x]))).ToArray();
        return combine(outputs).MoveToOuterDisposeScope();
    }

    public override Tensor? RegularizationLoss() =>
        branches.SelectMany(b => b).Aggregate((Tensor?)null, (sum, m) => Sum(sum, m.RegularizationLoss()));
}
