namespace DeepLearning.Torch.Evaluation;

/// <summary>Trapezoidal integration as <c>numpy.trapz(y, x)</c>.</summary>
internal static class Trapezoid
{
    public static double Area(double[] x, double[] y, int count)
    {
        double area = 0;
        for (int i = 1; i < count; i++)
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;

        return area;
    }
}
