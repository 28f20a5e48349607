namespace Botify.Sim.Sessions;

/// <summary>
/// A small seeded generator (xoshiro256**, seeded through SplitMix64) for one stream of one session.
/// Every session derives its own streams from (seed, episode, stream), so a run gives the same
/// sessions whatever the concurrency and whichever thread plays an episode.
/// </summary>
public sealed class SessionRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates the stream <paramref name="stream"/> of episode <paramref name="episode"/> of a run seeded with <paramref name="seed"/>.</summary>
    public SessionRandom(long seed, long episode, int stream)
    {
        var x = unchecked(((ulong)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)episode * 0xD1B54A32D192ED03UL) ^ ((ulong)stream * 0x8CB92BA72F3D8DD7UL));
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The stream the listener draws from: interest, first track, budget draws.</summary>
    public const int ListenerStream = 0;

    /// <summary>The stream an in-process agent draws from, so agents never shift the listener's draws.</summary>
    public const int AgentStream = 1;

    /// <summary>The stream that picks which listener plays an episode.</summary>
    public const int PlanStream = 2;

    /// <summary>64 uniform random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);

        // Multiply-shift (Lemire) on 32 random bits: the bias is below 2^-32 x n, far under any effect we measure.
        return (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        var z = x;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
