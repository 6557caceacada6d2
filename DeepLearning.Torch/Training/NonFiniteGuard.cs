using System.Globalization;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

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
                $"exploding gradient: the gradient of {string.Join(", ", badParameters.Take(5))}{(badParameters.Count > 5 ? ", ..." : "")} is not finite (loss {value.ToString(CultureInfo.InvariantCulture)})");
    }

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
