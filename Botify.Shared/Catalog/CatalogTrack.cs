namespace Botify.Shared.Catalog;

/// <summary>One track of the catalog: a line <c>{"track", "artist", "title", "genres"}</c> of <c>tracks.json</c>.</summary>
/// <param name="Track">Dense id, 0 ≤ track &lt; catalog size.</param>
/// <param name="Artist">Artist name; the fatigue rules compare artists by this name.</param>
/// <param name="Title">Track title.</param>
/// <param name="Genres">Genre tags; empty when the catalog has none (the course's catalog has none).</param>
public sealed record CatalogTrack(int Track, string Artist, string Title, IReadOnlyList<string> Genres);
