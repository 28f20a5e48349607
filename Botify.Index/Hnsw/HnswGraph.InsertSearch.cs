namespace Botify.Index.Hnsw;

public sealed partial class HnswGraph
{
    /// <summary>
    /// The beam search of one layer (Algorithm 2 of the paper) for an insertion: the graph is changing
    /// under other threads, so each link list is copied under its node's lock, and every node may be
    /// returned. Shaped for the CPU as <see cref="SearchPool"/> is: each expansion marks the unvisited
    /// neighbours without a branch (<see cref="SearchScratch.MarkUnvisited"/>) and starts loading their
    /// vectors, scores them all in a loop with no branch, then offers the scores to the heaps. Leaves
    /// up to <paramref name="ef"/> nodes in <c>scratch.Results</c> (farthest on top).
    /// </summary>
    private void SearchLayerForInsert<TScorer>(TScorer scorer, Neighbor entry, int ef, int level, SearchScratch scratch, ref int visited)
        where TScorer : struct, INodeScorer
    {
        var candidates = scratch.Candidates;
        var results = scratch.Results;
        candidates.Clear();
        results.Clear();
        scratch.NewQuery();

        scratch.TryVisit(entry.Id);
        candidates.Push(entry.Distance, entry.Id);
        results.Push(entry.Distance, entry.Id);
        var bound = entry.Distance;
        var copy = scratch.Links.AsSpan();
        var pending = scratch.Pending;
        var distances = scratch.PendingDistances;
        while (candidates.Count > 0)
        {
            var current = candidates.Top;
            if (current.Distance > bound && results.Count >= ef)
            {
                break;
            }

            candidates.Pop();
            if (candidates.Count > 0)
            {
                // The next node to expand is most likely the best one left: start loading its links now,
                // so that load overlaps the scoring of this node's neighbours instead of following it.
                PrefetchLinks(candidates.Top.Id, level);
            }

            var slots = scratch.PendingSlots;
            var fresh = scratch.MarkUnvisited(ReadLinks(current.Id, level, copy, concurrent: true), pending, slots);
            for (var i = 0; i < fresh; i++)
            {
                scorer.Prefetch(pending[i]);
            }

            // No link-tail row: an insertion scores each node from its own data (the exact floats).
            scorer.Distances(pending.AsSpan(0, fresh), slots.AsSpan(0, fresh), default, distances);

            visited += fresh;
            for (var i = 0; i < fresh; i++)
            {
                var distance = distances[i];
                if (distance < bound || results.Count < ef)
                {
                    var id = pending[i];
                    candidates.Push(distance, id);
                    if (results.Count < ef)
                    {
                        results.Push(distance, id);
                    }
                    else
                    {
                        results.ReplaceTop(distance, id);
                    }

                    bound = results.Top.Distance;
                }
            }
        }
    }
}
