using DeepLearning.Torch.Data.Augmentation;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data.Augmentation;

public class AugmentationTests
{
    private static torch.Tensor Batch(long n = 64, long c = 2, long h = 5, long w = 6) =>
        torch.arange(n * c * h * w, dtype: torch.ScalarType.Float32).view(n, c, h, w);

    private static bool Same(torch.Tensor a, torch.Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void RandomHorizontalFlip_EachSampleIsOriginalOrMirrored_AboutHalfFlipped()
    {
        using var x = Batch(400);
        using var flip = new RandomHorizontalFlip(seed: 1);
        using var y = flip.Apply(x);
        int flipped = 0;
        for (int i = 0; i < 400; i++)
        {
            bool isFlipped = Same(y[i], x[i].flip(-1));
            Assert.True(isFlipped || Same(y[i], x[i]));
            if (isFlipped) flipped++;
        }
        Assert.InRange(flipped, 150, 250);
    }

    [Fact]
    public void Apply_SameSeed_SameResult_DifferentSeed_Differs()
    {
        using var x = Batch();
        using var a = new RandomCrop(seed: 7, padding: 2);
        using var b = new RandomCrop(seed: 7, padding: 2);
        using var c = new RandomCrop(seed: 8, padding: 2);
        using var ya = a.Apply(x);
        using var yb = b.Apply(x);
        using var yc = c.Apply(x);
        Assert.True(Same(ya, yb));
        Assert.False(Same(ya, yc));
    }

    [Fact]
    public void Apply_NotTraining_ReturnsInputUnchanged()
    {
        using var x = Batch();
        var pipeline = new AugmentationPipeline(new RandomHorizontalFlip(1, 1.0), new RandomCrop(2, 3), new JetImageReflection(3, 1.0)) { IsTraining = false };
        Assert.All(pipeline.Steps, s => Assert.False(s.IsTraining));
        using var y = pipeline.Apply(x);
        Assert.True(Same(x, y));
        pipeline.IsTraining = true;
        using var z = pipeline.Apply(x);
        Assert.False(Same(x, z));
    }

    [Theory]
    [InlineData(CropPadding.Zero)]
    [InlineData(CropPadding.Reflect)]
    public void RandomCrop_EachSampleIsAWindowOfThePaddedImage(CropPadding mode)
    {
        const int p = 2;
        using var x = Batch(32);
        using var crop = new RandomCrop(seed: 4, padding: p, mode: mode);
        using var y = crop.Apply(x);
        Assert.Equal(x.shape, y.shape);
        using var padded = mode == CropPadding.Zero
            ? torch.nn.functional.pad(x, [p, p, p, p], PaddingModes.Constant, 0)
            : torch.nn.functional.pad(x, [p, p, p, p], PaddingModes.Reflect);
        var offsets = new HashSet<(int, int)>();
        for (int i = 0; i < 32; i++)
        {
            var match = (from dy in Enumerable.Range(0, 2 * p + 1)
                         from dx in Enumerable.Range(0, 2 * p + 1)
                         where Same(y[i], padded[i, .., dy..(dy + 5), dx..(dx + 6)])
                         select (dy, dx)).ToList();
            Assert.NotEmpty(match);
            offsets.Add(match[0]);
        }
        Assert.True(offsets.Count > 5, $"only {offsets.Count} distinct offsets");
    }

    [Fact]
    public void RandomCrop_ReflectPaddingTooLarge_Throws()
    {
        using var crop = new RandomCrop(seed: 1, padding: 5, mode: CropPadding.Reflect);
        var e = Assert.Throws<ArgumentException>(() => crop.Apply(Batch(2, 1, 4, 4)));
        Assert.Contains("Reflect padding 5 must be smaller than the image (4 x 4)", e.Message);
    }

    [Fact]
    public void JetImageReflection_EachSampleIsOneOfFourReflections_AllOccur()
    {
        using var x = Batch(200);
        using var reflect = new JetImageReflection(seed: 9);
        using var y = reflect.Apply(x);
        var seen = new int[4];
        for (int i = 0; i < 200; i++)
        {
            var xi = x[i];
            torch.Tensor[] variants = [xi, xi.flip(-1), xi.flip(-2), xi.flip(-1).flip(-2)];
            int k = Array.FindIndex(variants, v => Same(y[i], v));
            Assert.True(k >= 0);
            seen[k]++;
        }
        Assert.All(seen, s => Assert.InRange(s, 20, 80));
    }

    [Fact]
    public void JetImageReflection_PhiOnly_NeverMirrorsEta()
    {
        using var x = Batch(50);
        using var reflect = new JetImageReflection(seed: 2, probability: 1.0, reflectEta: false);
        using var y = reflect.Apply(x);
        Assert.True(Same(y, x.flip(-2)));
    }

    [Fact]
    public void Apply_NotFourDimensional_ThrowsNamingShape()
    {
        using var flip = new RandomHorizontalFlip(1);
        var e = Assert.Throws<ArgumentException>(() => flip.Apply(torch.zeros(3, 4)));
        Assert.Contains("(N, C, H, W), got [3, 4]", e.Message);
    }

    [Fact]
    public void Constructor_ProbabilityOutsideUnitInterval_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RandomHorizontalFlip(1, 1.5));
        Assert.Equal("probability", e.ParamName);
    }
}
