using System.Globalization;
using Botify.Shared.Catalog;

namespace Botify.Api.Tests;

/// <summary>Small catalogs for tests: track i is by artist <c>A{i / tracksPerArtist}</c>.</summary>
internal static class TestCatalogs
{
    public static TrackCatalog Create(int tracks, int tracksPerArtist) =>
        new([.. Enumerable.Range(0, tracks).Select(i => new CatalogTrack(
            i,
            string.Create(CultureInfo.InvariantCulture, $"A{i / tracksPerArtist}"),
            string.Create(CultureInfo.InvariantCulture, $"Song {i}"),
            []))]);

    public static string Write(TempFolder folder, int tracks, int tracksPerArtist)
    {
        var path = folder.File("tracks.jsonl");
        Create(tracks, tracksPerArtist).Save(path);
        return path;
    }
}
