using System.Globalization;
using Botify.Lab.Analysis;

namespace Botify.Lab.Loop;

/// <summary>
/// The main job's honesty rule: an A/B day in which a model arm (Contextual*, Session*) served more
/// than the limit of its <c>next</c> calls from the fallback measured the fallback, not the model,
/// so the job warns and exits 1. The days' logs hold steady state only (the warm-up is moved out).
/// </summary>
public static class FallbackLimit
{
    /// <summary>Every (model arm, day) whose fallback share of <c>next</c> calls exceeds <paramref name="limit"/>, in day order.</summary>
    public static IReadOnlyList<FallbackBreach> Check(IEnumerable<DayReport> days, IReadOnlyList<Arm> arms, double limit)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(arms);
        var model = arms.Where(a => a.IsModel).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. from day in days
               from row in day.Treatments
               where model.Contains(row.Stats.Treatment) && row.Stats.Sources is { } sources && sources.Fallback > limit
               select new FallbackBreach(row.Stats.Treatment, day.Day, row.Stats.Sources!.Fallback, limit),
        ];
    }

    /// <summary>The process exit code: 1 when any breach, else 0.</summary>
    public static int ExitCode(IReadOnlyList<FallbackBreach> breaches) => breaches is { Count: > 0 } ? 1 : 0;
}

/// <summary>A model arm that served more than the limit of a day's <c>next</c> calls from the fallback.</summary>
public sealed record FallbackBreach(string Arm, int Day, double Share, double Limit)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"WARNING: arm {Arm}, day {Day}: fallback share {Share:P2} of next calls exceeds {Limit:P0}; the day measured the fallback, not the model.");
}
