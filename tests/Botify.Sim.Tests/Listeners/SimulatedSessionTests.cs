using Botify.Sim.Listeners;
using Botify.Sim.Sessions;

namespace Botify.Sim.Tests.Listeners;

public sealed class SimulatedSessionTests
{
    // bias 1, sharpness 2, gamma 0.5, the single nearest neighbour: the session starts on track 0 itself.
    private static readonly Listener Hand = new(5, [0], ConsumeBias: 1.0, ConsumeSharpness: 2.0, SessionBudget: 2, ArtistDiscountGamma: 0.5, InterestNeighbours: 1);

    private static SimulatedSession Start(Listener listener, long seed = 1) =>
        new(TinyWorlds.HandMade(listener), listener, new SessionRandom(seed, 0, SessionRandom.ListenerStream));

    [Test]
    public void Start_OneNeighbour_FirstTrackIsNearestToTaste()
    {
        var session = Start(Hand);

        Assert.Multiple(() =>
        {
            Assert.That(session.Interest, Is.Zero);
            Assert.That(session.FirstTrack, Is.Zero);
            Assert.That(session.TotalTime, Is.EqualTo(1.0));
            Assert.That(session.Budget, Is.EqualTo(2));
            Assert.That(session.HasPlayed(0), Is.True);
        });
    }

    [Test]
    public void Start_TwoNeighbours_FirstTrackDrawnAmongTheTwoNearest()
    {
        var listener = Hand with { InterestNeighbours = 2 };
        var firsts = Enumerable.Range(0, 200).Select(seed => Start(listener, seed).FirstTrack).ToHashSet();

        Assert.That(firsts, Is.EquivalentTo(new[] { 0, 1 }));
    }

    [Test]
    public void ExpectedTime_HandComputed_MatchesCourseFormula()
    {
        var session = Start(Hand);

        Assert.Multiple(() =>
        {
            // sigmoid((3 - 1) * 2) = 0.98201, artist A played once (the first track): x 0.5 = 0.491 -> 0.49
            Assert.That(session.ExpectedTime(1), Is.EqualTo(0.49));

            // sigmoid((0 - 1) * 2) = 0.11920 -> 0.12
            Assert.That(session.ExpectedTime(2), Is.EqualTo(0.12));

            // sigmoid((2 - 1) * 2) = 0.88080 -> 0.88
            Assert.That(session.ExpectedTime(3), Is.EqualTo(0.88));

            // the first track again is a repeat
            Assert.That(session.ExpectedTime(0), Is.Zero);
        });
    }

    [Test]
    public void Consume_SameArtistTwice_DiscountsByGammaPerEarlierPlay()
    {
        var session = Start(Hand with { SessionBudget = 100 });

        var two = session.Consume(2);
        var three = session.Consume(3);

        Assert.Multiple(() =>
        {
            Assert.That(two, Is.EqualTo(0.12));

            // 0.88080 x 0.5^1 = 0.4404 -> 0.44
            Assert.That(three, Is.EqualTo(0.44));
            Assert.That(session.ArtistPlays(1), Is.EqualTo(2));
            Assert.That(session.TotalTime, Is.EqualTo(1.0 + 0.12 + 0.44).Within(1e-12));
            Assert.That(session.Steps, Is.EqualTo(2));
        });
    }

    [Test]
    public void Consume_Repeats_HeardForZeroAndEachSpendsOneBudget()
    {
        var session = Start(Hand);

        var first = session.Consume(0);
        Assert.That(session.Budget, Is.EqualTo(1));
        var second = session.Consume(0);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Zero);
            Assert.That(second, Is.Zero);
            Assert.That(session.IsOver, Is.True);
            Assert.That(session.TotalTime, Is.EqualTo(1.0));
            Assert.That(session.ArtistPlays(0), Is.EqualTo(1), "a repeat is not a play of its artist");
        });
    }

    [Test]
    public void Consume_ShareRoundingToOne_NeverSpendsBudget()
    {
        // sigmoid((4 - 0) * 10) rounds to 1.00: a uniform draw in [0, 1) never exceeds it.
        var listener = new Listener(1, [0], ConsumeBias: 0, ConsumeSharpness: 10, SessionBudget: 1, ArtistDiscountGamma: 1.0, InterestNeighbours: 1);
        var session = Start(listener);

        session.Consume(1);

        Assert.Multiple(() =>
        {
            Assert.That(session.LastTime, Is.EqualTo(1.0));
            Assert.That(session.Budget, Is.EqualTo(1));
        });
    }

    [Test]
    public void Consume_AfterBudgetSpent_Throws()
    {
        var session = Start(Hand with { SessionBudget = 1 });
        session.Consume(0);

        Assert.That(() => session.Consume(1), Throws.InvalidOperationException);
    }

    [Test]
    public void Consume_MiddlingShare_SpendsBudgetAtRateOneMinusShare()
    {
        // Track 3 is heard for 0.88 first time; over many sessions the budget drops on about 12% of them.
        var listener = Hand with { SessionBudget = 10 };
        var drops = 0;
        const int Sessions = 4_000;
        for (var seed = 0; seed < Sessions; seed++)
        {
            var session = Start(listener, seed);
            session.Consume(3);
            drops += 10 - session.Budget;
        }

        Assert.That(drops / (double)Sessions, Is.EqualTo(0.12).Within(0.02));
    }

    [TestCase(3.0, 1.0, 2.0, 0.5, 1, 0.49)]
    [TestCase(5.0, 5.0, 1.0, 0.8, 0, 0.5)]
    [TestCase(5.0, 5.0, 1.0, 0.8, 2, 0.32)]
    [TestCase(-10.0, 5.0, 1.0, 0.8, 0, 0.0)]
    public void HeardShare_CourseFormula_RoundsToTwoDecimals(double affinity, double bias, double sharpness, double gamma, int plays, double expected)
    {
        var listener = new Listener(0, [0], bias, sharpness, 5, gamma);

        Assert.That(SimulatedSession.HeardShare(affinity, listener, plays), Is.EqualTo(expected));
    }
}
