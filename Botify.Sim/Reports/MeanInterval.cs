using Botify.Shared.Statistics;
namespace Botify.Sim.Reports;

/// <summary>A sample mean with the half-width of its 95% confidence interval (Student's t).</summary>
/// <param name="Mean">Sample mean (NaN for no samples).</param>
/// <param name="HalfWidth">t(0.975, n-1) x s / sqrt(n); NaN for fewer than two samples.</param>
/// <param name="Count">Number of samples.</param>
public readonly record struct MeanInterval(double Mean, double HalfWidth, int Count)
{
    /// <summary>Lower end of the interval.</summary>
    public double Low => Mean - HalfWidth;

    /// <summary>Upper end of the interval.</summary>
    public double High => Mean + HalfWidth;

    /// <summary>Mean and 95% interval of <paramref name="samples"/>.</summary>
    public static MeanInterval Of(IReadOnlyCollection<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var n = samples.Count;
        if (n == 0)
        {
            return new MeanInterval(double.NaN, double.NaN, 0);
        }

        // Welford: one pass, stable for long runs.
        var mean = 0.0;
        var m2 = 0.0;
        var k = 0;
        foreach (var x in samples)
        {
            k++;
            var delta = x - mean;
            mean += delta / k;
            m2 += delta * (x - mean);
        }

        if (n < 2)
        {
            return new MeanInterval(mean, double.NaN, n);
        }

        var variance = m2 / (n - 1);
        return new MeanInterval(mean, StudentT.Quantile(0.975, n - 1) * Math.Sqrt(variance / n), n);
    }
}
