using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;

namespace DeepLearning.Examples;

/// <summary>The arguments every example takes.</summary>
/// <param name="Data">Data root (<c>--data</c>); null searches the defaults.</param>
/// <param name="Out">Output folder (<c>--out</c>).</param>
/// <param name="Epochs">Training epochs (<c>--epochs</c>); null for the model's default.</param>
/// <param name="BatchSize">Mini-batch size (<c>--batch-size</c>); null for the model's default.</param>
/// <param name="Device">auto, cpu or cuda (<c>--device</c>).</param>
/// <param name="Seed">Seed of everything random (<c>--seed</c>).</param>
/// <param name="Limit">Use only the first N training samples (<c>--limit</c>), for smoke runs.</param>
/// <param name="SummaryOnly">Print the model summary and exit (<c>--summary</c>).</param>
/// <param name="Resume">Checkpoint to continue from (<c>--resume</c>).</param>
/// <param name="Model">Model variant (<c>--model</c>).</param>
/// <param name="Quiet">No progress bar (<c>--quiet</c>).</param>
/// <param name="ExportOnnx">ONNX file to write the best model to after training (<c>--export-onnx</c>), or null.</param>
public sealed record ExampleArguments(
    string? Data, string Out, int? Epochs, int? BatchSize, DeviceSelection Device, long Seed, int? Limit,
    bool SummaryOnly, string? Resume, string Model, bool Quiet, string? ExportOnnx = null);
