namespace Botify.Index.Hnsw;

/// <summary>Parameters of an HNSW graph.</summary>
public sealed record HnswParameters
{
    /// <summary>Links per node on the upper layers; layer 0 keeps 2·M. Default 16, range 2..128.</summary>
    public int M { get; init; } = 16;

    /// <summary>Search breadth while inserting. Default 200, range 1..10000.</summary>
    public int EfConstruction { get; init; } = 200;

    /// <summary>Seed of the level draws. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Insertion threads; 0 = all cores. With one thread the graph is the same for the same seed.</summary>
    public int Threads { get; init; }

    /// <summary>Links per node on layer 0.</summary>
    public int M0 => 2 * M;

    /// <summary>Throws when a value is out of its range, naming the parameter.</summary>
    public void Validate()
    {
        if (M is < 2 or > 128)
        {
            throw new ArgumentOutOfRangeException(nameof(M), M, "M must be in 2..128");
        }

        if (EfConstruction is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(EfConstruction), EfConstruction, "EfConstruction must be in 1..10000");
        }

        if (Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be 0 (all cores) or more");
        }
    }
}
