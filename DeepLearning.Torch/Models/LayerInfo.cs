using DeepLearning.Torch.Layers;
using TorchSharp;

namespace DeepLearning.Torch.Models;

/// <summary>One layer call of a built model, as the summary shows it.</summary>
public sealed class LayerInfo
{
    private readonly torch.nn.Module module;

    internal LayerInfo(string id, Layer layer, Shape outputShape, IReadOnlyList<string> inputs, torch.nn.Module module)
    {
        Id = id;
        Layer = layer;
        OutputShape = outputShape;
        Inputs = inputs;
        this.module = module;
    }

    /// <summary>The call's id: the layer name, or <c>name@k</c> for a further call of a shared layer.</summary>
    public string Id { get; }

    /// <summary>The layer description (with its name).</summary>
    public Layer Layer { get; }

    /// <summary>The output sample shape, batch excluded.</summary>
    public Shape OutputShape { get; }

    /// <summary>Ids of the calls feeding this one.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Trainable parameters of the layer.</summary>
    public long TrainableParameters => module.parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>Non-trainable values of the layer: frozen parameters and running statistics.</summary>
    public long NonTrainableParameters =>
        module.parameters().Where(p => !p.requires_grad).Sum(p => p.numel()) +
        module.named_buffers().Where(b => b.Item2.is_floating_point()).Sum(b => b.Item2.numel());
}
