using System.Buffers;
using Botify.Sim.Listeners;
using Botify.Sim.Sessions;
using Botify.Sim.Worlds;

namespace Botify.Sim.Agents;

/// <summary>
/// The upper bound: knows the true vectors and the session's taste, and each step picks the unplayed
/// track with the highest heard share, counting the artist discount.
/// </summary>
/// <remarks>
/// The taste is fixed within a session, so the undiscounted share <c>sigmoid((&lt;true[t], s&gt; - bias) * sharpness)</c>
/// is ranked once per session over all tracks (one SIMD pass of inner products), and only the best
/// <see cref="CandidatePool"/> are kept, sorted, unplayed. A step then walks them best first: a discount
/// only lowers a share, so the walk stops at the first candidate whose undiscounted share cannot beat
/// the best discounted one found; the pick leaves the pool. When the pool runs out before the walk can
/// stop, it is rebuilt four times larger.
/// </remarks>
public sealed class OracleAgent(World world) : IAgent
{
    /// <summary>Candidates kept per session before a rebuild is needed.</summary>
    public const int CandidatePool = 512;

    /// <inheritdoc />
    public string Name => "oracle";

    /// <inheritdoc />
    public IAgentSession Start(SimulatedSession session, SessionRandom random)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new Session(world, session);
    }

    private sealed class Session : IAgentSession
    {
        private readonly World _world;
        private readonly SimulatedSession _session;
        private readonly double[] _discount = new double[64];
        private int[] _candidates = [];
        private float[] _shares = [];
        private int _count;
        private int _pool;
        private bool _complete;

        public Session(World world, SimulatedSession session)
        {
            _world = world;
            _session = session;
            for (var i = 0; i < _discount.Length; i++)
            {
                _discount[i] = Math.Pow(session.Listener.ArtistDiscountGamma, i);
            }

            Build(CandidatePool);
        }

        public int Next(int track, double time)
        {
            while (true)
            {
                var best = -1.0;
                var pick = -1;
                var exhausted = true;
                for (var i = 0; i < _count; i++)
                {
                    var share = _shares[i];
                    if (share <= best)
                    {
                        exhausted = false;
                        break;
                    }

                    var candidate = _candidates[i];
                    if (_session.HasPlayed(candidate))
                    {
                        // Played since the pool was built (an agent elsewhere cannot play here, but stay exact).
                        continue;
                    }

                    var plays = _session.ArtistPlays(_world.Catalog.ArtistOf(candidate));
                    var value = share * (plays < _discount.Length ? _discount[plays] : Math.Pow(_session.Listener.ArtistDiscountGamma, plays));
                    if (value > best)
                    {
                        best = value;
                        pick = i;
                    }
                }

                if (!exhausted || _complete)
                {
                    return pick >= 0 ? Take(pick) : _session.FirstTrack;
                }

                Build(_pool * 4);
            }
        }

        private int Take(int index)
        {
            var track = _candidates[index];
            Array.Copy(_candidates, index + 1, _candidates, index, _count - index - 1);
            Array.Copy(_shares, index + 1, _shares, index, _count - index - 1);
            _count--;
            return track;
        }

        private void Build(int pool)
        {
            var n = _world.Catalog.Count;
            var listener = _session.Listener;
            var scores = ArrayPool<float>.Shared.Rent(n);
            try
            {
                // The share is monotonic in the affinity (sharpness >= 0), so select on the raw inner
                // products and apply the sigmoid to the selected only.
                var all = scores.AsSpan(0, n);
                _world.Affinity.ScoreAll(_session.Taste, all);
                _pool = Math.Min(pool, n);
                var ids = new int[_pool];
                var selected = TopK.Select(all, _pool, ids);
                _candidates = new int[selected];
                _shares = new float[selected];
                _count = 0;
                for (var i = 0; i < selected; i++)
                {
                    if (!_session.HasPlayed(ids[i]))
                    {
                        _candidates[_count] = ids[i];
                        _shares[_count] = (float)SimulatedSession.Sigmoid((all[ids[i]] - listener.ConsumeBias) * listener.ConsumeSharpness);
                        _count++;
                    }
                }

                _complete = _pool == n;
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scores);
            }
        }
    }
}
