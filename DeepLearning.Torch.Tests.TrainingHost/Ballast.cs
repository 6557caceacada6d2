using DeepLearning.Torch.Training.Callbacks;

namespace DeepLearning.Torch.Tests.TrainingHost;

/// <summary>
/// Adds <c>mib</c> MiB of zeros to every checkpoint as its state (read back and ignored on resume), so each checkpoint
/// write takes long enough for a test to stop the process while the temporary file is incomplete. Changes no number
/// of the training.
/// </summary>
internal sealed class Ballast(int mib) : Callback
{
    private readonly byte[] _bytes = new byte[mib << 20];

    public override void SaveState(BinaryWriter writer) => writer.Write(_bytes);

    public override void LoadState(BinaryReader reader) => reader.BaseStream.Seek(0, SeekOrigin.End);
}
