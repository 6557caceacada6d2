using System.Text;
using DeepLearning.Torch.Interop;
using Xunit;
using static DeepLearning.Torch.Tests.Interop.InteropFixtures;

namespace DeepLearning.Torch.Tests.Interop;

/// <summary>
/// A pickle must not run code when we load it: the fixture script's malicious files run <c>touch MARKER</c> under
/// PyTorch's torch.load (the script checks it) and are refused here before anything is unpickled.
/// </summary>
public class PickleSafetyTests
{
    private const string Marker = "/tmp/dltorch-malicious-pickle-ran";

    [Theory]
    [InlineData("malicious.pt")]             // protocol 2: GLOBAL 'posix system'
    [InlineData("malicious_protocol4.pt")]   // protocol 4: STACK_GLOBAL of two memoised strings
    public void Load_MaliciousPickle_RefusedWithoutRunningTheCommand(string fileName)
    {
        if (System.IO.File.Exists(Marker)) System.IO.File.Delete(Marker);
        using var model = BuildCnn();
        var e = Assert.Throws<UnsafePickleException>(() => PyTorchWeights.Load(model, File(fileName)));
        Assert.Equal("posix.system", e.Global);
        Assert.StartsWith($"'{File(fileName)}' is refused: its pickle names the global 'posix.system', which a PyTorch state dict does not need and which could run code when unpickled.", e.Message);
        Assert.Contains("prefer safetensors", e.Message);
        Assert.False(System.IO.File.Exists(Marker), "the pickle's command ran");
    }

    [Fact]
    public void Check_StateDictGlobals_Accepted() =>
        PickleScanner.Check(Pickle("\u0080\u0002ccollections\nOrderedDict\nq\u0000)Rq\u0001ctorch._utils\n_rebuild_tensor_v2\nq\u0002ctorch\nFloatStorage\nq\u0003."), "t.pt");

    [Fact]
    public void Check_StackGlobalOfAllowedStrings_Accepted() =>
        PickleScanner.Check(Pickle("\u0080\u0004\u008c\u000bcollections\u0094\u008c\u000bOrderedDict\u0094\u0093\u0094)R."), "t.pt");

    [Fact]
    public void Check_StackGlobalFromMemo_ChecksTheMemoisedNames()
    {
        // 'builtins' and 'eval' memoised, then fetched back with BINGET before STACK_GLOBAL.
        var e = Assert.Throws<UnsafePickleException>(() =>
            PickleScanner.Check(Pickle("\u0080\u0004\u008c\u0008builtins\u0094\u008c\u0004eval\u0094N0h\u0000h\u0001\u0093."), "t.pt"));
        Assert.Equal("builtins.eval", e.Global);
    }

    [Fact]
    public void Check_StackGlobalOfComputedName_Refused()
    {
        // The name on the stack comes from a call's result, which cannot be known without running the pickle.
        var e = Assert.Throws<UnsafePickleException>(() => PickleScanner.Check(Pickle("\u0080\u0004\u008c\u0005torch)R\u0093."), "t.pt"));
        Assert.Equal("STACK_GLOBAL", e.Global);
    }

    [Fact]
    public void Check_ExtensionRegistry_Refused()
    {
        var e = Assert.Throws<UnsafePickleException>(() => PickleScanner.Check(Pickle("\u0080\u0002\u0082\u0001)R."), "t.pt"));
        Assert.Equal("EXT", e.Global);
    }

    [Fact]
    public void Check_WholeModelPickle_SuggestsTheStateDict()
    {
        var e = Assert.Throws<UnsafePickleException>(() => PickleScanner.Check(Pickle("\u0080\u0002c__main__\nNet\nq\u0000)\u0081."), "m.pt"));
        Assert.Contains("save model.state_dict() instead", e.Message);
    }

    private static byte[] Pickle(string opcodes) => Encoding.Latin1.GetBytes(opcodes);
}
