using System.Globalization;
using DeepLearning.Torch.Training.Core;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>The checks behind <see cref="Callbacks.TerminateOnNaN"/>: a non-finite loss (with every input of the batch diagnosed) or gradient.</summary>
internal static class NonFiniteGuard
{
    /// <summary>The reason and a sentence when <paramref name="loss"/> or a gradient is NaN or infinite, else <c>null</c>.</summary>
    internal static (StopReason Reason, string Problem)? Check(nn.Module<Tensor, Tensor> model, Tensor loss, Data.Batch batch, bool gradients)
    {
        float value = loss.item<float>();
        if (!float.IsFinite(value))
        {
            string cause = InputCause(batch.Inputs);
            return (StopReason.NonFiniteLoss, $"loss is {value.ToString(CultureInfo.InvariantCulture)}{cause}");
        }
        if (!gradients) return null;
        var finite = model.parameters().Where(p => p.grad is not null).Select(p => p.grad!.isfinite().all()).ToArray();
        if (finite.Length == 0 || stack(finite).all().item<bool>()) return null;
        var badParameters = model.named_parameters()
            .Where(p => p.parameter.grad is { } g && !g.isfinite().all().item<bool>())
            .Select(p => p.name)
            .ToList();
        return (StopReason.NonFiniteGradient,
                $"exploding gradient: the gradient of {FirstNames(badParameters)} is not finite (loss {value.ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>Names of the floating-point weights and buffers of <paramref name="model"/> holding a NaN or infinity (empty when all are finite).</summary>
    internal static IReadOnlyList<string> NonFiniteWeights(nn.Module model)
    {
        using var scope = NewDisposeScope();
        var floating = model.state_dict().Where(p => p.Value.is_floating_point()).ToList();
        if (floating.Count == 0 || stack(floating.Select(p => p.Value.isfinite().all()).ToArray()).all().item<bool>()) return [];
        return floating.Where(p => !p.Value.isfinite().all().item<bool>()).Select(p => p.Key).ToList();
    }

    /// <summary>Up to five names, then ", ...".</summary>
    internal static string FirstNames(IReadOnlyList<string> names) => string.Join(", ", names.Take(5)) + (names.Count > 5 ? ", ..." : "");

    /// <summary>"; the input batch holds n non-finite value(s)" (naming the input when there are several), or "".</summary>
    private static string InputCause(IReadOnlyList<Tensor> inputs)
    {
        var bad = inputs.Select((input, i) => (i, count: input.is_floating_point() ? (~input.isfinite()).sum().item<long>() : 0))
            .Where(p => p.count > 0)
            .ToList();
        if (bad.Count == 0) return "";
        if (inputs.Count == 1) return $"; the input batch holds {bad[0].count} non-finite value(s)";
        return "; " + string.Join(", ", bad.Select(p => $"input {p.i} of the batch holds {p.count} non-finite value(s)"));
    }
}
