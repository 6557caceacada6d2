using System.Globalization;

namespace DeepLearning.Torch.Tests.TrainingHost;

/// <summary>Command line of the host: <c>--out DIR [--epochs N] [--resume CKPT] [--delay-ms N] [--val-delay-ms N] [--seed S] [--ballast-mb N]</c>.</summary>
internal sealed record HostArguments(string Output, int Epochs, string? Resume, int DelayMs, int ValidationDelayMs, long Seed, int BallastMiB)
{
    internal static HostArguments Parse(string[] args)
    {
        string? output = null, resume = null;
        int epochs = 6, delay = 0, validationDelay = 0, ballast = 0;
        long seed = 42;
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option '{args[i]}' needs a value.");
            switch (args[i])
            {
                case "--out": output = value; break;
                case "--epochs": epochs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--resume": resume = value; break;
                case "--delay-ms": delay = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--val-delay-ms": validationDelay = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seed": seed = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "--ballast-mb": ballast = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
            i++;
        }
        return new HostArguments(output ?? throw new ArgumentException("--out is required."), epochs, resume, delay, validationDelay, seed, ballast);
    }
}
