using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;

namespace DeepLearning.Torch.Tests.TrainingHost;

/// <summary>
/// Prints where training is (<c>batch E B</c>, <c>epoch-end E</c> once the epoch's checkpoint and CSV are written) and
/// sleeps before each batch, so the tests can kill the process at a chosen moment.
/// </summary>
internal sealed class Markers(int delayMs) : Callback
{
    public override int Order => 300;

    public override void OnBatchBegin(TrainingContext context)
    {
        Write($"batch {context.Epoch} {context.BatchIndex}");
        if (delayMs > 0) Thread.Sleep(delayMs);
    }

    public override void OnEpochEnd(TrainingContext context) => Write($"epoch-end {context.Epoch}");

    internal static void Write(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
