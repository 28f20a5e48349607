using System.Numerics.Tensors;
using Botify.Train.Examples;

namespace Botify.Train.Model;

/// <summary>
/// Gives a context vector to every track training left without one, so the index can be queried by any
/// track and the bundle lists no cold tracks (docs/training.md, "Cold tracks"). Runs on the folded model,
/// whose rows are already each track's effective context, and uses only the logs and what training learned:
/// <list type="number">
/// <item>a track that was played takes the weighted mean of the learned contexts of the tracks it was played
/// with: for each play after the first of a session, the session's first track and the previous track,
/// weighted by the share of it heard (at least <see cref="HeardFloor"/>); a session's untrained first track
/// takes the track heard after it, weighted by that track's share;</item>
/// <item>a track never played with a learned track takes the mean of the learned contexts (a broad
/// "average taste" query).</item>
/// </list>
/// Learned means <see cref="ContextSource.Trained"/> or <see cref="ContextSource.Features"/>: the fill reads
/// only those, so its result does not depend on the order tracks are filled in.
/// </summary>
public static class ContextBackfill
{
    /// <summary>The least weight of a play, so a track only ever skipped still takes the contexts it was skipped after.</summary>
    public const float HeardFloor = 0.1f;

    /// <summary>
    /// Fills the rows of <paramref name="model"/>'s context table whose <paramref name="sources"/> entry is
    /// <see cref="ContextSource.None"/> and records how each was filled; returns the counts of every source.
    /// </summary>
    public static ContextSourceCounts Fill(EmbeddingModel model, ContextSource[] sources, IReadOnlyList<LoggedSession> sessions)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(sessions);
        if (sources.Length != model.Tracks)
        {
            throw new ArgumentException($"{sources.Length} sources for {model.Tracks} tracks", nameof(sources));
        }

        // Dense slots for the unfilled tracks only: they are usually a small share of a large catalog.
        var slots = new int[model.Tracks];
        var unfilled = 0;
        for (var t = 0; t < slots.Length; t++)
        {
            slots[t] = sources[t] == ContextSource.None ? unfilled++ : -1;
        }

        if (unfilled == 0)
        {
            return ContextSourceCounts.Of(sources);
        }

        var d = model.Dimension;
        var sums = new float[unfilled * d];
        var weights = new float[unfilled];
        void Add(int track, int neighbour, float weight)
        {
            if (Learned(sources[neighbour]))
            {
                var slot = slots[track];
                var sum = sums.AsSpan(slot * d, d);
                TensorPrimitives.MultiplyAdd(model.Context.Row(neighbour), weight, sum, sum);
                weights[slot] += weight;
            }
        }

        foreach (var session in sessions)
        {
            var tracks = session.Tracks;
            for (var i = 0; i < tracks.Count; i++)
            {
                if (slots[tracks[i]] < 0)
                {
                    continue;
                }

                if (i == 0)
                {
                    if (tracks.Count > 1)
                    {
                        Add(tracks[0], tracks[1], Heard(session.Times[1]));
                    }

                    continue;
                }

                // How much of it was heard says how well it suited the tracks before it; a skip says little
                // (the listener's bias, the artist discount), hence the floor rather than 0.
                var weight = Heard(session.Times[i]);
                Add(tracks[i], tracks[0], weight);
                if (i > 1)
                {
                    Add(tracks[i], tracks[i - 1], weight);
                }
            }
        }

        var mean = MeanOfLearned(model, sources);
        for (var t = 0; t < model.Tracks; t++)
        {
            var slot = slots[t];
            if (slot < 0)
            {
                continue;
            }

            if (weights[slot] > 0f)
            {
                TensorPrimitives.Multiply(sums.AsSpan(slot * d, d), 1f / weights[slot], model.Context.Row(t));
                sources[t] = ContextSource.CoPlay;
            }
            else
            {
                mean.CopyTo(model.Context.Row(t));
                sources[t] = ContextSource.Mean;
            }
        }

        return ContextSourceCounts.Of(sources);
    }

    private static bool Learned(ContextSource source) => source is ContextSource.Trained or ContextSource.Features;

    private static float Heard(float share) => Math.Max(share, HeardFloor);

    private static float[] MeanOfLearned(EmbeddingModel model, ContextSource[] sources)
    {
        var mean = new double[model.Dimension];
        var count = 0;
        for (var t = 0; t < model.Tracks; t++)
        {
            if (Learned(sources[t]))
            {
                var row = model.Context.Row(t);
                for (var j = 0; j < row.Length; j++)
                {
                    mean[j] += row[j];
                }

                count++;
            }
        }

        // Training always has an example, so some track is learned; the guard only keeps an empty model finite.
        return [.. mean.Select(v => (float)(v / Math.Max(count, 1)))];
    }
}
