namespace DeepLearning.Torch.Tests.Plotting;

/// <summary>Seeded toy classifier outputs for plot tests.</summary>
internal static class SyntheticScores
{
    public static (int[] Labels, double[] Scores) Binary(int n, double separation, int seed)
    {
        var rng = new Random(seed);
        var labels = new int[n];
        var scores = new double[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = rng.Next(2);
            double z = Gaussian(rng) + (separation * labels[i]);
            scores[i] = 1 / (1 + Math.Exp(-z));
        }

        return (labels, scores);
    }

    public static (int[] Labels, double[,] Probabilities) Multiclass(int n, int k, int seed)
    {
        var rng = new Random(seed);
        var labels = new int[n];
        var p = new double[n, k];
        for (int i = 0; i < n; i++)
        {
            labels[i] = rng.Next(k);
            double sum = 0;
            var e = new double[k];
            for (int j = 0; j < k; j++)
            {
                e[j] = Math.Exp(Gaussian(rng) + (j == labels[i] ? 1.5 : 0));
                sum += e[j];
            }

            for (int j = 0; j < k; j++)
            {
                p[i, j] = e[j] / sum;
            }
        }

        return (labels, p);
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
