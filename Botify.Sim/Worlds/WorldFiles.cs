namespace Botify.Sim.Worlds;

/// <summary>The files of a world folder, named as the course names them.</summary>
public static class WorldFiles
{
    /// <summary>The catalog, JSON lines <c>{"track", "artist", "title", "genres"}</c>.</summary>
    public const string Tracks = "tracks.json";

    /// <summary>The hidden true vectors, float32 <c>[tracks, d]</c>.</summary>
    public const string Vectors = "tracks.npy";

    /// <summary>The listeners, JSON lines as the course's <c>users.json</c>.</summary>
    public const string Listeners = "users.json";
}
