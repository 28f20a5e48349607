using Botify.Api.Sources;

namespace Botify.Api.Core;

/// <summary>Applies a <see cref="PickRule"/> to a non-empty candidate list.</summary>
internal static class CandidatePicker
{
    public static Candidate Pick(ReadOnlySpan<Candidate> candidates, PickRule rule, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfZero(candidates.Length);
        switch (rule)
        {
            case PickRule.Greedy:
                var best = candidates[0];
                for (var i = 1; i < candidates.Length; i++)
                {
                    if (candidates[i].Score > best.Score)
                    {
                        best = candidates[i];
                    }
                }

                return best;
            case PickRule.ScoreWeighted:
                double total = 0;
                foreach (var candidate in candidates)
                {
                    total += Math.Max(0f, candidate.Score);
                }

                if (total > 0)
                {
                    var draw = random.NextDouble() * total;
                    foreach (var candidate in candidates)
                    {
                        draw -= Math.Max(0f, candidate.Score);
                        if (draw < 0)
                        {
                            return candidate;
                        }
                    }

                    return candidates[^1];
                }

                // Every score is 0 or below: nothing to weight by.
                return candidates[random.Next(candidates.Length)];
            default:
                return candidates[random.Next(candidates.Length)];
        }
    }
}
