using System.Text.Json;
using Botify.Shared.Data;
using Botify.Shared.Embeddings;
using Botify.Shared.Npy;

namespace Botify.Shared.Models;

/// <summary>
/// A trained model: context vectors <c>c</c>, track vectors <c>t</c>, track biases <c>b</c> and listener
/// vectors <c>u</c>, scored as <c>&lt;c[ctx] + u[user], t[track]&gt; + b[track] + globalBias</c>.
/// On disk it is a folder: <c>manifest.json</c>, <c>context.npy</c> [tracks, d], <c>tracks.npy</c>
/// [tracks, d], <c>track_bias.npy</c> [tracks] and <c>users.npy</c> [users, d].
/// </summary>
public sealed class ModelBundle
{
    /// <summary>File name of the manifest inside a bundle folder.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>File name of the context table.</summary>
    public const string ContextFile = "context.npy";

    /// <summary>File name of the track table.</summary>
    public const string TracksFile = "tracks.npy";

    /// <summary>File name of the track biases.</summary>
    public const string TrackBiasFile = "track_bias.npy";

    /// <summary>File name of the listener table.</summary>
    public const string UsersFile = "users.npy";

    /// <summary>Creates a bundle from its tables, checking that they agree with the manifest.</summary>
    /// <exception cref="ArgumentException">Counts or dimensions disagree.</exception>
    public ModelBundle(ModelManifest manifest, EmbeddingTable context, EmbeddingTable tracks, float[] trackBias, EmbeddingTable users)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(trackBias);
        ArgumentNullException.ThrowIfNull(users);
        Manifest = manifest;
        Context = context;
        Tracks = tracks;
        TrackBias = trackBias;
        Users = users;
        var fault = FindShapeFault(manifest, context, tracks, trackBias, users, out var file);
        if (fault is not null)
        {
            throw new ArgumentException($"{file}: {fault}");
        }
    }

    /// <summary>The manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Context vectors, one row per track.</summary>
    public EmbeddingTable Context { get; }

    /// <summary>Track vectors, one row per track.</summary>
    public EmbeddingTable Tracks { get; }

    /// <summary>Track biases, one per track.</summary>
    public float[] TrackBias { get; }

    /// <summary>Listener vectors, one row per listener.</summary>
    public EmbeddingTable Users { get; }

    /// <summary>Embedding dimension d.</summary>
    public int Dimension => Manifest.Dimension;

    /// <summary>Predicted share heard of <paramref name="track"/> after <paramref name="context"/> for an optional listener.</summary>
    public float Score(int context, int? user, int track)
    {
        var score = System.Numerics.Tensors.TensorPrimitives.Dot(Context.Row(context), Tracks.Row(track));
        if (user is { } u)
        {
            score += System.Numerics.Tensors.TensorPrimitives.Dot(Users.Row(u), Tracks.Row(track));
        }

        return score + TrackBias[track] + Manifest.GlobalBias;
    }

    /// <summary>
    /// Reads and validates a bundle folder: the manifest, every table, shapes that agree with the
    /// manifest and with each other, and finite values throughout.
    /// </summary>
    /// <exception cref="DataFileException">A file is missing or corrupt; the message names it and the fault.</exception>
    public static ModelBundle Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new DataFileException(directory, "model bundle folder not found");
        }

        var manifestPath = Path.Combine(directory, ManifestFile);
        var manifest = ReadManifest(manifestPath);
        var context = NpyFile.ReadTable(Path.Combine(directory, ContextFile));
        var tracks = NpyFile.ReadTable(Path.Combine(directory, TracksFile));
        var bias = NpyFile.ReadVector(Path.Combine(directory, TrackBiasFile));
        var users = NpyFile.ReadTable(Path.Combine(directory, UsersFile));

        var fault = FindShapeFault(manifest, context, tracks, bias, users, out var file)
            ?? FindValueFault(context, tracks, bias, users, out file);
        if (fault is not null)
        {
            throw new DataFileException(Path.Combine(directory, file), fault);
        }

        return new ModelBundle(manifest, context, tracks, bias, users);
    }

    /// <summary>Writes the bundle into <paramref name="directory"/> (created if needed); the manifest goes last.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        NpyFile.Write(Path.Combine(directory, ContextFile), Context);
        NpyFile.Write(Path.Combine(directory, TracksFile), Tracks);
        NpyFile.Write(Path.Combine(directory, TrackBiasFile), TrackBias);
        NpyFile.Write(Path.Combine(directory, UsersFile), Users);
        var manifestPath = Path.Combine(directory, ManifestFile);
        var temporary = manifestPath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(Manifest, ModelJsonContext.Default.ModelManifest));
        File.Move(temporary, manifestPath, overwrite: true);
    }

    private static ModelManifest ReadManifest(string path)
    {
        string text;
        using (var reader = new StreamReader(DataFiles.OpenRead(path)))
        {
            text = reader.ReadToEnd();
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(text, ModelJsonContext.Default.ModelManifest);
        }
        catch (JsonException e)
        {
            throw new DataFileException(path, $"not a valid manifest ({e.Message})", e);
        }

        if (manifest is null)
        {
            throw new DataFileException(path, "the manifest is empty");
        }

        if (manifest.FormatVersion is < 1 or > ModelManifest.CurrentFormatVersion)
        {
            throw new DataFileException(path, $"formatVersion {manifest.FormatVersion} is not supported (this Botify reads 1..{ModelManifest.CurrentFormatVersion})");
        }

        if (manifest.Dimension is < 1 or > 4096)
        {
            throw new DataFileException(path, $"dimension {manifest.Dimension} is outside 1..4096");
        }

        if (manifest.Tracks < 1)
        {
            throw new DataFileException(path, $"tracks {manifest.Tracks} must be at least 1");
        }

        if (manifest.Users < 0)
        {
            throw new DataFileException(path, $"users {manifest.Users} must not be negative");
        }

        if (!float.IsFinite(manifest.GlobalBias))
        {
            throw new DataFileException(path, "globalBias is not a finite number");
        }

        foreach (var cold in manifest.ColdTracks)
        {
            if ((uint)cold >= (uint)manifest.Tracks)
            {
                throw new DataFileException(path, $"coldTracks holds {cold}, outside 0..{manifest.Tracks - 1}");
            }
        }

        return manifest;
    }

    private static string? FindShapeFault(ModelManifest m, EmbeddingTable context, EmbeddingTable tracks, float[] trackBias, EmbeddingTable users, out string file)
    {
        (file, var fault) =
            context.Rows != m.Tracks || context.Dimension != m.Dimension
                ? (ContextFile, $"shape ({context.Rows}, {context.Dimension}) disagrees with the manifest's tracks x dimension ({m.Tracks}, {m.Dimension})")
            : tracks.Rows != m.Tracks || tracks.Dimension != m.Dimension
                ? (TracksFile, $"shape ({tracks.Rows}, {tracks.Dimension}) disagrees with the manifest's tracks x dimension ({m.Tracks}, {m.Dimension})")
            : trackBias.Length != m.Tracks
                ? (TrackBiasFile, $"length {trackBias.Length} disagrees with the manifest's tracks ({m.Tracks})")
            : users.Rows != m.Users || (users.Rows > 0 && users.Dimension != m.Dimension)
                ? (UsersFile, $"shape ({users.Rows}, {users.Dimension}) disagrees with the manifest's users x dimension ({m.Users}, {m.Dimension})")
            : (ManifestFile, (string?)null);
        return fault;
    }

    private static string? FindValueFault(EmbeddingTable context, EmbeddingTable tracks, float[] trackBias, EmbeddingTable users, out string file)
    {
        foreach (var (name, table) in new[] { (ContextFile, context), (TracksFile, tracks), (UsersFile, users) })
        {
            var at = table.IndexOfNonFinite();
            if (at >= 0)
            {
                file = name;
                return $"row {at / Math.Max(1, table.Dimension)} column {at % Math.Max(1, table.Dimension)} is {table.Data[(int)at]}; values must be finite";
            }
        }

        var biasAt = Array.FindIndex(trackBias, v => !float.IsFinite(v));
        file = TrackBiasFile;
        return biasAt >= 0 ? $"entry {biasAt} is {trackBias[biasAt]}; values must be finite" : null;
    }
}
