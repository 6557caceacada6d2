using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LearningRateSchedules;

/// <summary>Sets the momentum term of TorchSharp's optimizers: SGD's and RMSprop's momentum, Adam's and AdamW's beta1.</summary>
internal static class OptimizerMomentum
{
    /// <summary>Whether <paramref name="optimizer"/> has a momentum term this class can set.</summary>
    internal static bool Supports(optim.Optimizer optimizer) => optimizer is SGD or RMSProp or Adam or AdamW;

    /// <summary>Sets the momentum (or beta1) of every parameter group.</summary>
    /// <exception cref="NotSupportedException">The optimizer has no momentum term.</exception>
    internal static void Set(optim.Optimizer optimizer, double value)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            switch (group)
            {
                case SGD.ParamGroup g: g.Options.momentum = value; break;
                case RMSProp.ParamGroup g: g.Options.momentum = value; break;
                case Adam.ParamGroup g: g.Options.beta1 = value; break;
                case AdamW.ParamGroup g: g.Options.beta1 = value; break;
                default: throw new NotSupportedException($"{optimizer.GetType().Name} has no momentum or beta1 to cycle.");
            }
        }
    }

    /// <summary>The momentum (or beta1) of the first parameter group, or null when the optimizer has none.</summary>
    internal static double? Get(optim.Optimizer optimizer) => optimizer.ParamGroups.FirstOrDefault() switch
    {
        SGD.ParamGroup g => g.Options.momentum,
        RMSProp.ParamGroup g => g.Options.momentum,
        Adam.ParamGroup g => g.Options.beta1,
        AdamW.ParamGroup g => g.Options.beta1,
        _ => null,
    };
}
