using Botify.Shared.Catalog;

namespace Botify.Api.Sources;

/// <summary>Tracks by the context track's artist, in random order (the course's StickyArtist).</summary>
internal sealed class StickyArtistSource : ICandidateSource
{
    private readonly TrackCatalog _catalog;
    private readonly Random _random;
    private readonly int[][] _tracksByArtist;

    public StickyArtistSource(TrackCatalog catalog, Random random)
    {
        _catalog = catalog;
        _random = random;
        var lists = new List<int>[catalog.ArtistCount];
        for (var track = 0; track < catalog.Count; track++)
        {
            (lists[catalog.ArtistOf(track)] ??= []).Add(track);
        }

        _tracksByArtist = [.. lists.Select(list => list?.ToArray() ?? [])];
    }

    public string Name => "sticky-artist";

    public ValueTask<CandidateResult> GetAsync(CandidateRequest request, CancellationToken cancellationToken)
    {
        var tracks = _tracksByArtist[_catalog.ArtistOf(request.Context)];
        var excluded = request.Exclude as IReadOnlySet<int> ?? request.Exclude.ToHashSet();
        var candidates = tracks.Where(track => track != request.Context && !excluded.Contains(track)).ToArray();
        _random.Shuffle(candidates);
        return ValueTask.FromResult(new CandidateResult([.. candidates.Take(request.K).Select(track => new Candidate(track, 0f))]));
    }
}
