using System.Text.Json;
using Botify.Shared.Data;

namespace Botify.Sim.Listeners;

/// <summary>Reads and writes listeners as the course's <c>users.json</c> (JSON lines, optionally <c>.gz</c>).</summary>
public static class ListenerFile
{
    /// <summary>
    /// Reads listeners; fields the course leaves out take its defaults. With <paramref name="trackCount"/>,
    /// interests must be ids of a catalog of that size.
    /// </summary>
    /// <exception cref="DataFileException">The file is missing or a line is malformed (the message names the line and field).</exception>
    public static IReadOnlyList<Listener> Load(string path, int? trackCount = null)
    {
        var listeners = new List<Listener>();
        var ids = new HashSet<int>();
        using var reader = TextFiles.OpenText(path);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var listener = ParseLine(line, path, lineNumber, trackCount);
            if (!ids.Add(listener.Id))
            {
                throw new DataFileException(path, $"line {lineNumber}: field 'user' is {listener.Id}, which appears twice");
            }

            listeners.Add(listener);
        }

        if (listeners.Count == 0)
        {
            throw new DataFileException(path, "the file has no listeners");
        }

        return listeners;
    }

    /// <summary>Writes listeners with every field, so the course's tools need no defaults.</summary>
    public static void Save(string path, IEnumerable<Listener> listeners)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        using var writer = TextFiles.CreateText(path);
        foreach (var listener in listeners)
        {
            var line = new ListenerLine
            {
                User = listener.Id,
                Interests = [.. listener.Interests],
                ConsumeBias = listener.ConsumeBias,
                ConsumeSharpness = listener.ConsumeSharpness,
                SessionBudget = listener.SessionBudget,
                ArtistDiscountGamma = listener.ArtistDiscountGamma,
                InterestNeighbours = listener.InterestNeighbours,
            };
            writer.WriteLine(JsonSerializer.Serialize(line, ListenerJsonContext.Default.ListenerLine));
        }
    }

    private static Listener ParseLine(string line, string path, int lineNumber, int? trackCount)
    {
        ListenerLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(line, ListenerJsonContext.Default.ListenerLine);
        }
        catch (JsonException e)
        {
            throw new DataFileException(path, $"line {lineNumber}: not a valid listener record ({e.Message})", e);
        }

        if (parsed is null)
        {
            throw new DataFileException(path, $"line {lineNumber}: expected a JSON object, found null");
        }

        string Fault(string fault) => $"line {lineNumber}: {fault}";

        if (parsed.User is not { } user)
        {
            throw new DataFileException(path, Fault("field 'user' is missing"));
        }

        if (user < 0)
        {
            throw new DataFileException(path, Fault($"field 'user' is {user}; ids are non-negative"));
        }

        if (parsed.Interests is not { Length: > 0 } interests)
        {
            throw new DataFileException(path, Fault("field 'interests' is missing or empty"));
        }

        foreach (var interest in interests)
        {
            if (interest < 0 || (trackCount is { } count && interest >= count))
            {
                var range = trackCount is { } n ? $"0..{n - 1}" : "non-negative ids";
                throw new DataFileException(path, Fault($"field 'interests' holds track {interest}, outside {range}"));
            }
        }

        var bias = parsed.ConsumeBias ?? Listener.DefaultConsumeBias;
        var sharpness = parsed.ConsumeSharpness ?? Listener.DefaultConsumeSharpness;
        var budget = parsed.SessionBudget ?? Listener.DefaultSessionBudget;
        var gamma = parsed.ArtistDiscountGamma ?? Listener.DefaultArtistDiscountGamma;
        var neighbours = parsed.InterestNeighbours ?? Listener.DefaultInterestNeighbours;
        if (!double.IsFinite(bias))
        {
            throw new DataFileException(path, Fault("field 'consume_bias' is not a finite number"));
        }

        if (!double.IsFinite(sharpness) || sharpness < 0)
        {
            throw new DataFileException(path, Fault($"field 'consume_sharpness' is {sharpness}; it must be a finite number >= 0"));
        }

        if (budget < 1)
        {
            throw new DataFileException(path, Fault($"field 'session_budget' is {budget}; it must be at least 1"));
        }

        if (!(gamma is >= 0 and <= 1))
        {
            throw new DataFileException(path, Fault($"field 'artist_discount_gamma' is {gamma}; it must be in 0..1"));
        }

        if (neighbours < 1)
        {
            throw new DataFileException(path, Fault($"field 'interest_neighbours' is {neighbours}; it must be at least 1"));
        }

        return new Listener(user, interests, bias, sharpness, budget, gamma, neighbours);
    }
}
