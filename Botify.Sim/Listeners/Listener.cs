namespace Botify.Sim.Listeners;

/// <summary>
/// One simulated listener, as a line of the course's <c>users.json</c>. Optional fields take the
/// course's defaults.
/// </summary>
/// <param name="Id">Listener id sent to the recommender (<c>user</c>), non-negative.</param>
/// <param name="Interests">Track ids; each session picks one and listens around its true vector.</param>
/// <param name="ConsumeBias">Affinity at which a track is heard half-way (course: uniform 0..10).</param>
/// <param name="ConsumeSharpness">Slope of the sigmoid (course: uniform 0.5..2).</param>
/// <param name="SessionBudget">Disappointments before the session ends (default 5).</param>
/// <param name="ArtistDiscountGamma">Heard share multiplier per earlier play of the same artist (default 0.8).</param>
/// <param name="InterestNeighbours">The first track is drawn among this many tracks nearest the interest (default 10).</param>
public sealed record Listener(
    int Id,
    IReadOnlyList<int> Interests,
    double ConsumeBias = Listener.DefaultConsumeBias,
    double ConsumeSharpness = Listener.DefaultConsumeSharpness,
    int SessionBudget = Listener.DefaultSessionBudget,
    double ArtistDiscountGamma = Listener.DefaultArtistDiscountGamma,
    int InterestNeighbours = Listener.DefaultInterestNeighbours)
{
    /// <summary>The course's default <c>consume_bias</c>.</summary>
    public const double DefaultConsumeBias = 5.0;

    /// <summary>The course's default <c>consume_sharpness</c>.</summary>
    public const double DefaultConsumeSharpness = 1.0;

    /// <summary>The course's default <c>session_budget</c>.</summary>
    public const int DefaultSessionBudget = 5;

    /// <summary>The course's default <c>artist_discount_gamma</c>.</summary>
    public const double DefaultArtistDiscountGamma = 0.8;

    /// <summary>The course's default <c>interest_neighbours</c>.</summary>
    public const int DefaultInterestNeighbours = 10;
}
