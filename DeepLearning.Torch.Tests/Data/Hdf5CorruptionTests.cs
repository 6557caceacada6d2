using DeepLearning.Torch.Data;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data;

public class Hdf5CorruptionTests
{
    [Fact]
    public void Read_CorruptedMetadataBytes_ThrowsDataFormatExceptionOrReadsIdenticalData()
    {
        string source = TestData.Shared("toptagging-format", "val.h5");
        byte[] content = File.ReadAllBytes(source);
        long[][] regions = TestData.Reference("toptagging").GetProperty("val.h5").GetProperty("metadata_regions")
            .EnumerateArray().Select(TestData.Longs).ToArray();
        using var full = TopTaggingReader.Read(source);
        var random = new Random(17);
        using var temp = new TestData.TempFolder();
        int rejected = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            byte[] corrupt = (byte[])content.Clone();
            long[] region = regions[random.Next(regions.Length)];
            int position = random.Next((int)region[0], (int)region[1]);
            corrupt[position] ^= (byte)random.Next(1, 256);
            string path = temp.File($"corrupt{trial}.h5");
            File.WriteAllBytes(path, corrupt);
            try
            {
                using var jets = TopTaggingReader.Read(path);
                Assert.True(jets.Constituents.eq(full.Constituents).all().item<bool>(), $"byte {position} changed the constituents silently");
                Assert.True(jets.Labels.eq(full.Labels).all().item<bool>(), $"byte {position} changed the labels silently");
            }
            catch (DataFormatException e)
            {
                Assert.Contains(path, e.Message);
                rejected++;
            }
        }
        Assert.True(rejected > 0, "no corruption was detected at all");
    }
}
