using System.Globalization;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>
/// Two of our training loops (--pair A,B, each trainer, custom, hand or hand-collect) in one process on the same data,
/// epoch by epoch in the order A B, B A, A B, ... for --pairs pairs after one warm-up epoch each. Each pair gives the
/// ratio A/B of two epochs run seconds apart, so slow drifts of the machine's speed (other machines' load on the
/// hypervisor, i.e. steal) cancel in the ratio as they do not between processes run minutes apart. Before each epoch,
/// untimed, a full collection with finalizers gives both sides the same starting heap. A Trainer side against the hand
/// loop (--pair trainer,hand or custom,hand) trains in one Fit, with the hand loop's epochs run between its epochs; two
/// Trainer sides (custom,trainer) each start one Fit per epoch, so both pay the same per-Fit cost. Prints "PAIRED
/// &lt;median&gt; &lt;q1&gt; &lt;q3&gt; &lt;min&gt; &lt;max&gt;" of the wall-time ratios and "PAIRED_CPU ..." of the
/// process CPU time ratios; RESULT is the median wall-time ratio.
/// </summary>
internal static class PairedTrainCase
{
    internal static double Run(Options options)
    {
        string model = options.Text("model");
        int batch = options.Int("batch", 128), pairs = options.Int("pairs", 10);
        string[] sides = options.Text("pair").Split(',');
        if (sides.Length != 2) throw new ArgumentException($"--pair takes two sides separated by a comma (e.g. trainer,hand); got '{options.Text("pair")}'.");
        if (pairs < 1) throw new ArgumentException($"--pairs must be at least 1; got {pairs}.");
        var (x, y) = BenchData.Load(model, options);
        if (sides[0] is "trainer" or "custom" && sides[1] == "hand") return WithinOneFit(sides[0], model, x, y, batch, pairs);
        var owned = new List<IDisposable>();
        try
        {
            var a = TrainCase.EpochRunner(sides[0], model, x, y, batch, owned);
            var b = TrainCase.EpochRunner(sides[1], model, x, y, batch, owned);
            a = Settled(a);
            b = Settled(b);
            a();   // warm-up epochs: first-touch allocations, oneDNN primitive creation
            b();
            var timesA = new List<(double Seconds, double CpuSeconds)>();
            var timesB = new List<(double Seconds, double CpuSeconds)>();
            for (int r = 0; r < pairs; r++)
            {
                (double Seconds, double CpuSeconds) ea, eb;
                if (r % 2 == 0)
                {
                    ea = a();
                    eb = b();
                }
                else
                {
                    eb = b();
                    ea = a();
                }

                timesA.Add(ea);
                timesB.Add(eb);
            }
            return Report(sides[0], timesA, sides[1], timesB);
        }
        finally
        {
            foreach (var d in owned) d.Dispose();
        }
    }

    /// <summary>
    /// The Trainer side as one Fit of 1 + <paramref name="pairs"/> epochs, as a user trains, with the hand loop's epochs run
    /// between them by a callback (after the Trainer's epoch in even pairs, before it in odd ones). Each Trainer epoch is
    /// timed from its OnEpochBegin to its OnEpochEnd, so per-Fit work (a new optimizer, the first epoch) stays out.
    /// </summary>
    private static double WithinOneFit(string impl, string model, TorchSharp.torch.Tensor x, TorchSharp.torch.Tensor y, int batch, int pairs)
    {
        using var hand = new TrainCase.HandLoop(model, x, y, batch);
        var between = new Between(hand, pairs);
        TrainCase.Trainer(model, x, y, batch, 1 + pairs, TrainCase.StepFor(impl), [], between);
        return Report(impl, between.Trainer, "hand", between.Hand);
    }

    /// <summary>Prints each pair's times and the PAIRED lines of A/B; returns the median wall-time ratio.</summary>
    private static double Report(string nameA, List<(double Seconds, double CpuSeconds)> a, string nameB, List<(double Seconds, double CpuSeconds)> b)
    {
        for (int r = 0; r < a.Count; r++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pair {r + 1}: {nameA} {a[r].Seconds:F3} s ({a[r].CpuSeconds:F3} CPU), {nameB} {b[r].Seconds:F3} s ({b[r].CpuSeconds:F3} CPU)"));
        var wall = a.Zip(b, (p, q) => p.Seconds / q.Seconds).ToList();
        Console.WriteLine("PAIRED " + Summary(wall));
        Console.WriteLine("PAIRED_CPU " + Summary(a.Zip(b, (p, q) => p.CpuSeconds / q.CpuSeconds).ToList()));
        return Options.Median(wall);
    }

    /// <summary>Runs the hand loop's epochs between the Trainer's and times both; epoch 1 of each is the warm-up.</summary>
    private sealed class Between(TrainCase.HandLoop hand, int pairs) : DeepLearning.Torch.Training.Callbacks.Callback
    {
        private readonly Func<(double Seconds, double CpuSeconds)> _handEpoch = Settled(hand.Epoch);
        private readonly System.Diagnostics.Stopwatch _clock = new();
        private TimeSpan _cpuStart;

        internal List<(double Seconds, double CpuSeconds)> Trainer { get; } = [];

        internal List<(double Seconds, double CpuSeconds)> Hand { get; } = [];

        public override void OnEpochBegin(DeepLearning.Torch.Training.Core.TrainingContext context)
        {
            if (context.Epoch == 1) hand.Epoch();   // the hand loop's warm-up
            else if ((context.Epoch - 2) % 2 == 1) Hand.Add(_handEpoch());
            Settle();
            _cpuStart = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            _clock.Restart();
        }

        public override void OnEpochEnd(DeepLearning.Torch.Training.Core.TrainingContext context)
        {
            _clock.Stop();
            var cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _cpuStart).TotalSeconds;
            if (context.Epoch == 1 || Trainer.Count >= pairs) return;
            Trainer.Add((_clock.Elapsed.TotalSeconds, cpu));
            if ((context.Epoch - 2) % 2 == 0) Hand.Add(_handEpoch());
        }
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>
    /// <paramref name="epoch"/> after an untimed full collection with finalizers: the hand loop leaves TorchSharp's
    /// finalizer-only objects (implicit scalars) behind, which over many epochs in one process fragment the native heap
    /// and slow every later epoch of both sides (fc b128: the hand loop's epochs went from 0.61 to 1.0 s over 8 pairs
    /// while the Trainer's, which collects after each batch, stayed at 0.7-0.8 s). Each epoch then starts from the same
    /// heap; what one epoch leaves behind still counts against the loop that leaves it.
    /// </summary>
    private static Func<(double Seconds, double CpuSeconds)> Settled(Func<(double Seconds, double CpuSeconds)> epoch) => () =>
    {
        Settle();
        return epoch();
    };

    /// <summary>Median, quartiles (linear interpolation), minimum and maximum.</summary>
    private static string Summary(List<double> ratios)
    {
        var s = ratios.Order().ToArray();
        double Quantile(double q)
        {
            double pos = q * (s.Length - 1);
            int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
            return s[lo] + ((s[hi] - s[lo]) * (pos - lo));
        }
        return string.Create(CultureInfo.InvariantCulture, $"{Quantile(0.5):F4} {Quantile(0.25):F4} {Quantile(0.75):F4} {s[0]:F4} {s[^1]:F4}");
    }
}
