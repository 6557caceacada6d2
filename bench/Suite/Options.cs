using System.Globalization;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>"--name value" pairs after the case name.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    internal static (string Command, Options Options) Parse(string[] args)
    {
        if (args.Length == 0) throw new ArgumentException("usage: Suite <case> [--name value ...]", nameof(args));
        var values = new Dictionary<string, string>();
        for (int i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Expected --name value pairs; got '{args[i]}'.", nameof(args));
            values[args[i][2..]] = args[i + 1];
        }
        return (args[0], new Options(values));
    }

    internal string Text(string name, string? fallback = null) =>
        values.GetValueOrDefault(name) ?? fallback ?? throw new ArgumentException($"Missing --{name}.");

    internal int Int(string name, int fallback) =>
        values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Median of <paramref name="values"/>.</summary>
    internal static double Median(IReadOnlyList<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
