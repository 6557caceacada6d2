using System.Runtime.InteropServices;
using DeepLearning.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Interop;

/// <summary>
/// A TorchScript model saved by PyTorch (<c>torch.jit.save(torch.jit.script(model), path)</c>) as a
/// <c>Module&lt;Tensor, Tensor&gt;</c>, so that <c>Trainer.Predict</c>, <c>Trainer.Evaluate</c> and the evaluation
/// take it as they take a model built here: a Python-trained tagger and ours are scored on one test set.
/// <c>train()</c>/<c>eval()</c> and <c>to(device)</c> reach the script module; its weights are in <see cref="Script"/>
/// (<c>Script.state_dict()</c>, named as in PyTorch: <c>0.weight</c>).
/// A TorchScript file carries compiled code that libtorch runs when the model is called (no Python, but code all the
/// same): load only files you trust. Dispose the model to free its native memory.
/// </summary>
public sealed class TorchScriptModel : nn.Module<Tensor, Tensor>
{
    private readonly jit.ScriptModule<Tensor, Tensor> script;

    private TorchScriptModel(string name, jit.ScriptModule<Tensor, Tensor> script) : base(name)
    {
        // Not registered as a child: TorchSharp would walk a disposed script module's children when disposing this one.
        this.script = script;
    }

    /// <summary>The loaded TorchScript module (owned by this model).</summary>
    public jit.ScriptModule<Tensor, Tensor> Script => script;

    /// <summary>The file the model was loaded from.</summary>
    public string Path { get; private init; } = "";

    /// <summary>Loads a TorchScript file whose <c>forward</c> takes one tensor and returns one.</summary>
    /// <param name="path">The file written by <c>torch.jit.save</c>.</param>
    /// <param name="device">Where to load it. <value>Default null: the CPU.</value></param>
    /// <returns>The model, in evaluation mode.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="WeightLoadException">libtorch cannot read the file as TorchScript; the message has its reason.</exception>
    public static TorchScriptModel Load(string path, Device? device = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No TorchScript file at '{path}'.", path);
        TorchRuntime.EnsureLoaded();
        jit.ScriptModule<Tensor, Tensor> script;
        try
        {
            script = device is null ? jit.load<Tensor, Tensor>(path) : jit.load<Tensor, Tensor>(path, device);
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
        {
            throw new WeightLoadException($"'{path}' cannot be loaded as TorchScript (a file written by torch.jit.save): {e.Message}", e);
        }
        var model = new TorchScriptModel(System.IO.Path.GetFileNameWithoutExtension(path), script) { Path = path };
        model.eval();
        return model;
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => script.forward(input);

    /// <inheritdoc/>
    public override void train(bool on = true)
    {
        script.train(on);
        base.train(on);
    }

    /// <inheritdoc/>
    protected override nn.Module _to(Device device, ScalarType dtype, bool non_blocking)
    {
        script.to(device, dtype, non_blocking);
        return this;
    }

    /// <inheritdoc/>
    protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
    {
        script.to(deviceType, deviceIndex, non_blocking);
        return this;
    }

    /// <inheritdoc/>
    protected override nn.Module _to(ScalarType dtype, bool non_blocking)
    {
        script.to(dtype, non_blocking);
        return this;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) script.Dispose();
        base.Dispose(disposing);
    }
}
