namespace Botify.Api.Core;

/// <summary>
/// A seeded <see cref="Random"/> safe to share between concurrent calls (a plain seeded Random is
/// not). Used only when a seed is configured; otherwise the service uses <see cref="Random.Shared"/>.
/// </summary>
internal sealed class LockedRandom(int seed) : Random
{
    private readonly Random _inner = new(seed);
    private readonly Lock _gate = new();

    public override int Next()
    {
        lock (_gate)
        {
            return _inner.Next();
        }
    }

    public override int Next(int maxValue)
    {
        lock (_gate)
        {
            return _inner.Next(maxValue);
        }
    }

    public override int Next(int minValue, int maxValue)
    {
        lock (_gate)
        {
            return _inner.Next(minValue, maxValue);
        }
    }

    public override double NextDouble()
    {
        lock (_gate)
        {
            return _inner.NextDouble();
        }
    }

    public override void NextBytes(Span<byte> buffer)
    {
        lock (_gate)
        {
            _inner.NextBytes(buffer);
        }
    }

    public override void NextBytes(byte[] buffer)
    {
        lock (_gate)
        {
            _inner.NextBytes(buffer);
        }
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        lock (_gate)
        {
            return _inner.NextInt64(minValue, maxValue);
        }
    }

    protected override double Sample()
    {
        lock (_gate)
        {
            return _inner.NextDouble();
        }
    }
}
