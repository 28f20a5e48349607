namespace Botify.Train.Examples;

/// <summary>Settings of the co-listening stream and its ranking loss (docs/training.md); each documents its default and range.</summary>
public sealed record CoListeningSettings
{
    /// <summary>
    /// Weight λ of the ranking loss against the regression; 0 turns co-listening off (the regression
    /// alone, as before). Default 5, range [0, 100].
    /// </summary>
    public float Weight { get; init; } = 5f;

    /// <summary>A track heard for at least this share is liked. Default 0.7 (the fatigue rules' threshold), range (0, 1].</summary>
    public float Threshold { get; init; } = 0.7f;

    /// <summary>Liked tracks before it that each liked track is paired with (besides the session's first). Default 5, range 1..100.</summary>
    public int Window { get; init; } = 5;

    /// <summary>
    /// Weight of a pair of one listener's session-start tracks, relative to a pair liked in one session.
    /// Default 1, range [0, 1]; 0 leaves them out. Only some of them share a taste (a listener has several
    /// interests), but the listener chose both tracks, so they are the pairs the serving model's own picks
    /// cannot bias: at 0.5 the learned geometry stopped rising once the arms' picks filled the logs (docs/training.md).
    /// </summary>
    public float StartPairWeight { get; init; } = 1f;

    /// <summary>
    /// Weight of a logged skip: a track offered in a session and heard for less than <see cref="SkipBelow"/>
    /// is a negative for the session's first track, taught on its own (no drawn negatives). Default 0 (off),
    /// range [0, 1]: on the default world they pushed similar tracks apart, since a track offered near the
    /// taste is skipped for the listener's bias or the artist discount as often as for taste (docs/training.md).
    /// </summary>
    public float SkipPairWeight { get; init; }

    /// <summary>A track heard for less than this share is a logged skip. Default 0.3, range [0, 1].</summary>
    public float SkipBelow { get; init; } = 0.3f;

    /// <summary>
    /// Negatives a within-session pair takes from its session's own skips, besides its <see cref="Negatives"/> drawn
    /// ones: each is ranked below the liked track by a pairwise term −log σ(x − x_skip) rather than pushed down on
    /// its own, since the listener's bias cancels within a session and the skips of an arm's picks are where the
    /// serving model was wrong. Default 2, range 0..10; 0 turns it off (docs/training.md#skips-within-a-session).
    /// </summary>
    public int SessionNegatives { get; init; } = 2;

    /// <summary>Negatives per pair, drawn from the pairs' own tracks. Default 5, range 1..100.</summary>
    public int Negatives { get; init; } = 5;

    /// <summary>
    /// Share of the negatives drawn uniformly from the whole catalog instead of from the pairs' own tracks.
    /// Default 0.75, range [0, 1]. Pool negatives teach similarity without popularity; catalog negatives
    /// teach each track's pair bias how widely it is liked (its reach), which the inner product of the
    /// listener's taste rewards: pool negatives alone left it out (docs/training.md has the figures).
    /// </summary>
    public double UniformNegativeShare { get; init; } = 0.75;

    /// <summary>
    /// <see cref="UniformNegativeShare"/> for a pair with a track a recommender's ranking chose (not the listener,
    /// not a random draw). Default 1, range [0, 1]: such pairs crowd the pool with the tracks the serving model
    /// already ranks near each other, and negatives drawn from there pushed true neighbours apart (docs/training.md).
    /// </summary>
    public double ChosenUniformNegativeShare { get; init; } = 1;

    /// <summary>
    /// Weight of a pair with a track a recommender's ranking chose, relative to a pair the listener or a random
    /// draw made. Default 1, range [0, 1]: lower weights left the learned neighbours no better (docs/training.md).
    /// </summary>
    public float ChosenPairWeight { get; init; } = 1f;

    /// <summary>
    /// κ, the logit of a pair per unit of inner product: the ranking loss sees κ·&lt;c, t&gt; + β, so the
    /// inner products stay on the regression's scale (shares heard, 0..1) and both losses can agree.
    /// The pair bias β is folded into the track bias as β/κ. Default 1, range (0, 100]: κ = 3 and 8 fitted
    /// the shares better but overfitted the pairs within two epochs and served worse (docs/training.md).
    /// </summary>
    public float Scale { get; init; } = 1f;

    /// <summary>True when the stream takes part in training.</summary>
    public bool Enabled => Weight > 0;

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        Check(Weight is >= 0 and <= 100, nameof(Weight), Weight, "[0, 100]");
        Check(Threshold is > 0 and <= 1, nameof(Threshold), Threshold, "(0, 1]");
        Check(Window is >= 1 and <= 100, nameof(Window), Window, "1..100");
        Check(StartPairWeight is >= 0 and <= 1, nameof(StartPairWeight), StartPairWeight, "[0, 1]");
        Check(Negatives is >= 1 and <= 100, nameof(Negatives), Negatives, "1..100");
        Check(SessionNegatives is >= 0 and <= 10, nameof(SessionNegatives), SessionNegatives, "0..10");
        Check(SkipPairWeight is >= 0 and <= 1, nameof(SkipPairWeight), SkipPairWeight, "[0, 1]");
        Check(SkipBelow is >= 0 and <= 1, nameof(SkipBelow), SkipBelow, "[0, 1]");
        Check(Scale is > 0 and <= 100, nameof(Scale), Scale, "(0, 100]");
        Check(UniformNegativeShare is >= 0 and <= 1, nameof(UniformNegativeShare), UniformNegativeShare, "[0, 1]");
        Check(ChosenUniformNegativeShare is >= 0 and <= 1, nameof(ChosenUniformNegativeShare), ChosenUniformNegativeShare, "[0, 1]");
        Check(ChosenPairWeight is >= 0 and <= 1, nameof(ChosenPairWeight), ChosenPairWeight, "[0, 1]");
    }

    private static void Check(bool valid, string name, object value, string range)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException("CoListening" + name, value, $"CoListening{name} must be in {range}");
        }
    }
}
