namespace Warden.Core.Tests.Statistics;

/// <summary>Seeded synthetic latency samples shared by the quantile test classes.</summary>
internal static class QuantileTestData
{
    public static double[] LogNormal(int n, int seed, double median = 120, double sigma = 0.6)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = median * Math.Exp(sigma * StandardNormal(random));
        }

        return values;
    }

    public static double[] Exponential(int n, int seed, double mean = 40)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = -mean * Math.Log(1 - random.NextDouble());
        }

        return values;
    }

    /// <summary>
    /// A hard mixture: exact zeros, sub-millisecond cache hits, a log-normal body and a far
    /// timeout tail, so buckets span ten decades and the zero bucket is used.
    /// </summary>
    public static double[] Mixed(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            double pick = random.NextDouble();
            values[i] = pick switch
            {
                < 0.02 => 0,
                < 0.20 => 0.05 + (0.5 * random.NextDouble()),
                < 0.97 => 80 * Math.Exp(0.8 * StandardNormal(random)),
                _ => 30_000 + (1_000 * random.NextDouble()),
            };
        }

        return values;
    }

    public static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static double[] Sorted(double[] values)
    {
        var copy = (double[])values.Clone();
        Array.Sort(copy);
        return copy;
    }
}
