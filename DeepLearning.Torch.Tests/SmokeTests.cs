using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests;

public class SmokeTests
{
    [Fact]
    public void Libtorch_Loads_AndAdds()
    {
        using var a = torch.ones(3);
        using var b = (a + a).sum();
        Assert.Equal(6f, b.item<float>());
    }
}
