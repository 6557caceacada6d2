namespace DeepLearning.Torch.Tests.Training;

/// <summary>Runs an action with the console's standard output or error redirected to a string (tests run serially).</summary>
internal static class ConsoleCapture
{
    internal static string StandardOutput(Action action) => Capture(() => Console.Out, Console.SetOut, action);

    internal static string StandardError(Action action) => Capture(() => Console.Error, Console.SetError, action);

    private static string Capture(Func<TextWriter> get, Action<TextWriter> set, Action action)
    {
        var original = get();
        var captured = new StringWriter();
        set(captured);
        try
        {
            action();
        }
        finally
        {
            set(original);
        }
        return captured.ToString();
    }
}
