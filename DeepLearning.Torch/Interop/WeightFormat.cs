namespace DeepLearning.Torch.Interop;

/// <summary>The file formats of PyTorch weights that <see cref="PyTorchWeights"/> reads and writes.</summary>
public enum WeightFormat
{
    /// <summary>Loading: recognised from the file's first bytes. Saving: safetensors when the path ends in
    /// <c>.safetensors</c>, else a <c>torch.save</c> archive.</summary>
    Auto,

    /// <summary>A <c>torch.save(model.state_dict(), path)</c> zip archive (PyTorch 1.6 and later): a pickle plus raw
    /// tensor data. Pickles can name code to run; loading checks every name first (see docs/INTEROP.md).</summary>
    Pickle,

    /// <summary>Hugging Face safetensors: a JSON header and raw tensor data, no code. The recommended format.</summary>
    Safetensors,
}
