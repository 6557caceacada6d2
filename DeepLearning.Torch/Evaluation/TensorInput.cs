using TorchSharp;

namespace DeepLearning.Torch.Evaluation;

/// <summary>Copies tensors to arrays for the metrics (which never need libtorch themselves).</summary>
internal static class TensorInput
{
    /// <summary>A 1-D tensor as doubles (converted on the CPU; the tensor is left untouched).</summary>
    public static double[] Doubles(torch.Tensor tensor, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tensor, paramName);
        Require1D(tensor, paramName);
        using var scope = torch.NewDisposeScope();
        return tensor.detach().cpu().to_type(torch.ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    /// <summary>A 1-D tensor of class indices as ints.</summary>
    public static int[] Ints(torch.Tensor tensor, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tensor, paramName);
        Require1D(tensor, paramName);
        if (torch.is_floating_point(tensor) || torch.is_complex(tensor))
        {
            throw new ArgumentException($"Expected an integer or boolean tensor of labels, got {tensor.dtype}.", paramName);
        }

        using var scope = torch.NewDisposeScope();
        return tensor.detach().cpu().to_type(torch.ScalarType.Int32).contiguous().data<int>().ToArray();
    }

    /// <summary>A 2-D tensor (samples by classes) as a matrix of doubles.</summary>
    public static double[,] Matrix(torch.Tensor tensor, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tensor, paramName);
        if (tensor.dim() != 2)
        {
            throw new ArgumentException($"Expected a 2-D tensor (samples x classes), got shape [{string.Join(", ", tensor.shape)}].", paramName);
        }

        using var scope = torch.NewDisposeScope();
        int n = (int)tensor.shape[0], k = (int)tensor.shape[1];
        var flat = tensor.detach().cpu().to_type(torch.ScalarType.Float64).contiguous().data<double>().ToArray();
        var result = new double[n, k];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    private static void Require1D(torch.Tensor tensor, string paramName)
    {
        if (tensor.dim() != 1)
        {
            throw new ArgumentException($"Expected a 1-D tensor, got shape [{string.Join(", ", tensor.shape)}].", paramName);
        }
    }
}
