using System.Globalization;
using System.Text;

namespace Botify.Index.Telemetry;

/// <summary>
/// A fixed-bucket histogram rendered in the Prometheus text format. Observing is lock-free (one
/// interlocked add per bucket hit and for the count); the sum is kept in micro-units as a long, so
/// it needs no compare-and-swap loop on a double.
/// </summary>
internal sealed class PrometheusHistogram(double[] upperBounds, double sumUnit)
{
    private readonly long[] _buckets = new long[upperBounds.Length + 1];
    private long _count;
    private long _sumUnits;

    public long Count => Interlocked.Read(ref _count);

    public void Observe(double value)
    {
        var bucket = upperBounds.Length;
        for (var i = 0; i < upperBounds.Length; i++)
        {
            if (value <= upperBounds[i])
            {
                bucket = i;
                break;
            }
        }

        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Add(ref _sumUnits, (long)Math.Round(value / sumUnit));
        Interlocked.Increment(ref _count);
    }

    /// <summary>Writes the _bucket (cumulative), _sum and _count series; <paramref name="labels"/> is empty or <c>key="value",</c>.</summary>
    public void Render(StringBuilder text, string name, string labels)
    {
        var invariant = CultureInfo.InvariantCulture;
        long cumulative = 0;
        for (var i = 0; i < upperBounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref _buckets[i]);
            text.Append(invariant, $"{name}_bucket{{{labels}le=\"{upperBounds[i].ToString("R", invariant)}\"}} {cumulative}\n");
        }

        cumulative += Interlocked.Read(ref _buckets[upperBounds.Length]);
        text.Append(invariant, $"{name}_bucket{{{labels}le=\"+Inf\"}} {cumulative}\n");
        var trimmed = labels.TrimEnd(',');
        var braces = trimmed.Length == 0 ? string.Empty : $"{{{trimmed}}}";
        text.Append(invariant, $"{name}_sum{braces} {(Interlocked.Read(ref _sumUnits) * sumUnit).ToString("R", invariant)}\n");
        text.Append(invariant, $"{name}_count{braces} {cumulative}\n");
    }
}
