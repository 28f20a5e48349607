namespace Botify.Sim.Reports;

/// <summary>Quantiles of Student's t distribution, enough for 95% intervals.</summary>
public static class StudentT
{
    private const double Z975 = 1.959963984540054;

    // Exact 0.975 quantiles for 1..10 degrees of freedom, where the expansion below is poor.
    private static readonly double[] Small =
    [
        12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
        2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
    ];

    /// <summary>The 0.975 quantile for <paramref name="degreesOfFreedom"/> (may be fractional, as Welch's).</summary>
    public static double Quantile975(double degreesOfFreedom)
    {
        if (!(degreesOfFreedom >= 1))
        {
            return double.NaN;
        }

        if (degreesOfFreedom <= Small.Length)
        {
            // Between table entries, interpolate linearly in 1/df (the quantile is nearly linear in it).
            var low = (int)Math.Floor(degreesOfFreedom);
            if (low == degreesOfFreedom)
            {
                return Small[low - 1];
            }

            var w = ((1.0 / low) - (1.0 / degreesOfFreedom)) / ((1.0 / low) - (1.0 / (low + 1)));
            return Small[low - 1] + (w * (Small[low] - Small[low - 1]));
        }

        // Cornish–Fisher expansion of t around the normal quantile: error below 1e-4 past 10 degrees of freedom.
        var z = Z975;
        var v = degreesOfFreedom;
        var z3 = z * z * z;
        var z5 = z3 * z * z;
        var z7 = z5 * z * z;
        var z9 = z7 * z * z;
        return z
            + ((z3 + z) / (4 * v))
            + (((5 * z5) + (16 * z3) + (3 * z)) / (96 * v * v))
            + (((3 * z7) + (19 * z5) + (17 * z3) - (15 * z)) / (384 * v * v * v))
            + (((79 * z9) + (776 * z7) + (1482 * z5) - (1920 * z3) - (945 * z)) / (92160 * v * v * v * v));
    }
}
