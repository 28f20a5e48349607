namespace Botify.Shared.Statistics;

/// <summary>
/// Student's t distribution: the CDF through the regularised incomplete beta function (continued
/// fraction, modified Lentz), and the quantile by bisection on it. Accurate to about 1e-10, far
/// beyond what a confidence interval needs.
/// </summary>
public static class StudentT
{
    /// <summary>P(T ≤ t) for <paramref name="degreesOfFreedom"/> &gt; 0 (fractional allowed, as Welch's are).</summary>
    /// <param name="t">The point.</param>
    /// <param name="degreesOfFreedom">Degrees of freedom, greater than 0.</param>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        var x = degreesOfFreedom / (degreesOfFreedom + (t * t));
        var tail = 0.5 * RegularizedIncompleteBeta(degreesOfFreedom / 2, 0.5, x);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The t with P(T ≤ t) = <paramref name="p"/>.</summary>
    /// <param name="p">Probability in (0, 1).</param>
    /// <param name="degreesOfFreedom">Degrees of freedom, greater than 0; very large values are treated as the normal limit.</param>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        if (p is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in (0, 1)");
        }

        if (double.IsPositiveInfinity(degreesOfFreedom) || degreesOfFreedom > 1e7)
        {
            degreesOfFreedom = 1e7;
        }

        double low = -1e3, high = 1e3;
        for (var i = 0; i < 200 && high - low > 1e-12; i++)
        {
            var middle = (low + high) / 2;
            if (Cdf(middle, degreesOfFreedom) < p)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return (low + high) / 2;
    }

    private static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x)));
        return x < (a + 1) / (a + b + 2)
            ? front * ContinuedFraction(a, b, x) / a
            : 1 - (front * ContinuedFraction(b, a, 1 - x) / b);
    }

    private static double ContinuedFraction(double a, double b, double x)
    {
        const double Tiny = 1e-300;
        double c = 1, d = 1 - ((a + b) * x / (a + 1));
        d = Math.Abs(d) < Tiny ? Tiny : d;
        d = 1 / d;
        var result = d;
        for (var m = 1; m <= 300; m++)
        {
            var m2 = 2 * m;
            var even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + (even * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (even / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            result *= d * c;
            var odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + (odd * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (odd / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = d * c;
            result *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>ln Γ(x) by the Lanczos approximation (g = 7, n = 9).</summary>
    private static double LogGamma(double x)
    {
        ReadOnlySpan<double> coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++)
        {
            sum += coefficients[i] / (x + i);
        }

        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
