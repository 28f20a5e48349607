using Botify.Sim.Sessions;
using Botify.Sim.Worlds;

namespace Botify.Sim.Listeners;

/// <summary>
/// One simulated session of one listener (not the API's <c>ListenerSession</c>, the state the service keeps),
/// exactly by the course's rules (DESIGN.md, "The simulator's listener"):
/// the session picks one interest, whose true vector is the taste <c>s</c>; the first track is drawn
/// among the <c>interest_neighbours</c> tracks with the highest &lt;true[t], s&gt;; each recommended track
/// is heard for <c>round(sigmoid((&lt;true[track], s&gt; - bias) * sharpness) * gamma^(plays of its artist), 2)</c>,
/// a repeat for 0; after each track the budget drops by one when a uniform draw exceeds the heard share,
/// and the session ends when it reaches 0.
/// </summary>
/// <remarks>
/// The first track counts as played (it is reported to the recommender as heard in full, time 1.0), so
/// recommending it again is a repeat and its artist's plays start at one. A repeat is not a play of
/// its artist: it was heard for 0.
/// </remarks>
public sealed class SimulatedSession
{
    private readonly World _world;
    private readonly SessionRandom _random;
    private readonly float[] _taste;
    private readonly HashSet<int> _played = [];
    private readonly Dictionary<int, int> _artistPlays = [];

    /// <summary>Starts a session: draws the interest and the first track from <paramref name="random"/>.</summary>
    public SimulatedSession(World world, Listener listener, SessionRandom random)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(random);
        _world = world;
        _random = random;
        Listener = listener;
        Interest = PickInterest(listener, random);
        _taste = world.TrueVectors.Row(Interest).ToArray();
        var neighbours = world.Affinity.Nearest(Interest, listener.InterestNeighbours);
        FirstTrack = neighbours[random.NextInt(neighbours.Count)];
        Budget = listener.SessionBudget;
        TotalTime = 1.0;
        LastTrack = FirstTrack;
        _played.Add(FirstTrack);
        _artistPlays[world.Catalog.ArtistOf(FirstTrack)] = 1;
    }

    /// <summary>The listener.</summary>
    public Listener Listener { get; }

    /// <summary>The interest this session listens around.</summary>
    public int Interest { get; }

    /// <summary>The taste vector s: the true vector of <see cref="Interest"/>.</summary>
    public ReadOnlySpan<float> Taste => _taste;

    /// <summary>The track the session starts with (heard in full).</summary>
    public int FirstTrack { get; }

    /// <summary>Budget left; the session is over at 0.</summary>
    public int Budget { get; private set; }

    /// <summary>Recommended tracks consumed so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Session time so far: 1.0 for the first track plus every heard share.</summary>
    public double TotalTime { get; private set; }

    /// <summary>The last track consumed (the first track before any step).</summary>
    public int LastTrack { get; private set; }

    /// <summary>Heard share of the last track consumed (1.0 before any step).</summary>
    public double LastTime { get; private set; } = 1.0;

    /// <summary>True once the budget is spent.</summary>
    public bool IsOver => Budget <= 0;

    /// <summary>True when <paramref name="track"/> was heard in this session (the first track included).</summary>
    public bool HasPlayed(int track) => _played.Contains(track);

    /// <summary>Plays so far of an artist (dense artist id of the catalog).</summary>
    public int ArtistPlays(int artist) => _artistPlays.GetValueOrDefault(artist);

    /// <summary>What <paramref name="track"/> would be heard for now, without consuming it.</summary>
    public double ExpectedTime(int track)
    {
        if (_played.Contains(track))
        {
            return 0.0;
        }

        var affinity = _world.Affinity.Dot(track, _taste);
        return HeardShare(affinity, Listener, ArtistPlays(_world.Catalog.ArtistOf(track)));
    }

    /// <summary>The listener hears <paramref name="track"/>: returns the heard share and spends budget on a disappointment.</summary>
    /// <exception cref="InvalidOperationException">The session is already over.</exception>
    public double Consume(int track)
    {
        if (IsOver)
        {
            throw new InvalidOperationException("the session is over");
        }

        if ((uint)track >= (uint)_world.Catalog.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(track), track, "not a track of the world's catalog");
        }

        var time = ExpectedTime(track);
        if (_played.Add(track))
        {
            var artist = _world.Catalog.ArtistOf(track);
            _artistPlays[artist] = ArtistPlays(artist) + 1;
        }

        if (_random.NextDouble() > time)
        {
            Budget--;
        }

        Steps++;
        TotalTime += time;
        LastTrack = track;
        LastTime = time;
        return time;
    }

    /// <summary>The course's heard share: <c>round(sigmoid((affinity - bias) * sharpness) * gamma^artistPlays, 2)</c>.</summary>
    public static double HeardShare(double affinity, Listener listener, int artistPlays)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var interest = Sigmoid((affinity - listener.ConsumeBias) * listener.ConsumeSharpness);
        return Math.Round(interest * Math.Pow(listener.ArtistDiscountGamma, artistPlays), 2, MidpointRounding.ToEven);
    }

    /// <summary>The session's interest: the first draw of the listener's stream.</summary>
    public static int PickInterest(Listener listener, SessionRandom random)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(random);
        return listener.Interests[random.NextInt(listener.Interests.Count)];
    }

    /// <summary>The logistic function.</summary>
    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
