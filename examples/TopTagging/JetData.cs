using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Jets;

namespace DeepLearning.Examples.TopTagging;

/// <summary>Where the jets come from: the full dataset, the layout samples beside the repository, or generated toy jets.</summary>
/// <param name="Train">Training file.</param>
/// <param name="Validation">Validation file, or null to split the training file.</param>
/// <param name="Test">Test file.</param>
/// <param name="Description">What the data is, for the console and the report.</param>
public sealed record JetData(string Train, string? Validation, string Test, string Description)
{
    /// <summary>
    /// Finds <c>toptagging/{train,val,test}.h5</c> under the data root (the full Zenodo 2603256 dataset), else
    /// <c>toptagging-format/</c> (layout-exact samples with toy content), else writes toy jets into <paramref name="output"/>.
    /// </summary>
    public static JetData Locate(string? dataRoot, string output, long seed)
    {
        foreach (var (entry, what) in new[] { ("toptagging", "Top Quark Tagging Reference Dataset"), ("toptagging-format", "top-tagging layout samples (toy content)") })
        {
            string folder;
            try
            {
                folder = DataRoot.Locate(entry, dataRoot);
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }
            string train = Path.Combine(folder, "train.h5"), val = Path.Combine(folder, "val.h5"), test = Path.Combine(folder, "test.h5");
            if (File.Exists(train) && File.Exists(test))
                return new JetData(train, File.Exists(val) ? val : null, test, $"{what} in {folder}");
        }
        string toy = Directory.CreateDirectory(Path.Combine(output, "toy-data")).FullName;
        var files = new[] { ("train.h5", 20_000), ("val.h5", 4_000), ("test.h5", 10_000) };
        for (int i = 0; i < files.Length; i++)
        {
            string path = Path.Combine(toy, files[i].Item1);
            if (!File.Exists(path)) ToyJetWriter.WriteTopTagging(path, files[i].Item2, seed: unchecked((int)seed) + i);
        }
        return new JetData(Path.Combine(toy, "train.h5"), Path.Combine(toy, "val.h5"), Path.Combine(toy, "test.h5"),
            $"TOY jets generated with seed {seed} in {toy} (no dataset found; see data/README.md to download the real one)");
    }
}
