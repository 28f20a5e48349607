using Botify.Lab.Analysis;
using Botify.Shared.Events;
using Botify.Shared.Statistics;

namespace Botify.Lab.Tests.Analysis;

public sealed class ExperimentAnalyzerTests
{
    private static long _clock;

    private static ListenerEvent E(string message, int user, double time, string treatment) =>
        new(message, ++_clock, user, 1, time, 0.002, message == "next" ? 2 : null, new Dictionary<string, string> { ["X"] = treatment });

    private static IEnumerable<ListenerEvent> Session(int user, string treatment, params double[] times) =>
        times.Select((t, i) => E(i == times.Length - 1 ? "last" : "next", user, t, treatment));

    [Test]
    public void Analyze_ListenerIsTheUnit_MeanOfPerListenerMeans()
    {
        // Listener 1 (C): sessions of 3.0 and 1.0 → 2.0. Listener 2 (C): one session of 4.0 → 4.0.
        // Listener 3 (T): 6.0; listener 4 (T): 2.0 and 2.0 → 2.0. An unfinished session is dropped.
        var events = Session(1, "C", 1.0, 1.0, 1.0)
            .Concat(Session(1, "C", 1.0))
            .Concat(Session(2, "C", 1.0, 1.0, 1.0, 1.0))
            .Concat(Session(3, "T", 1.0, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0))
            .Concat(Session(4, "T", 1.0, 1.0))
            .Concat(Session(4, "T", 1.0, 1.0))
            .ToList();
        events.Add(E("next", 4, 1.0, "T"));

        var report = ExperimentAnalyzer.Analyze(events, "X", "C");
        var control = report.Treatments.Single(r => r.Stats.Treatment == "C");
        var treatment = report.Treatments.Single(r => r.Stats.Treatment == "T");

        Assert.That(control.Stats.Listeners, Is.EqualTo(2));
        Assert.That(control.Stats.Sessions, Is.EqualTo(3));
        Assert.That(control.Stats.Mean, Is.EqualTo(3.0).Within(1e-12));
        Assert.That(control.Stats.Variance, Is.EqualTo(2.0).Within(1e-12));
        Assert.That(treatment.Stats.Mean, Is.EqualTo(4.0).Within(1e-12));
        Assert.That(treatment.Stats.Variance, Is.EqualTo(8.0).Within(1e-12));
        Assert.That(treatment.Stats.TracksPerSession, Is.EqualTo(11.0 / 3).Within(1e-12));
        Assert.That(report.DroppedSessions, Is.EqualTo(1));
        Assert.That(control.Effect, Is.Null);
        // Welch: se² = 8/2 + 2/2 = 5, ν = 25 / (16 + 1) = 1.4706; effect = 1/3 = 33.3%.
        Assert.That(treatment.Effect!.Percent, Is.EqualTo(100.0 / 3).Within(1e-9));
        Assert.That(treatment.Effect.DegreesOfFreedom, Is.EqualTo(25.0 / 17).Within(1e-9));
        var halfWidth = StudentT.Quantile(0.975, 25.0 / 17) * Math.Sqrt(5) / 3 * 100;
        Assert.That(treatment.Effect.Upper - treatment.Effect.Percent, Is.EqualTo(halfWidth).Within(1e-9));
        Assert.That(treatment.Effect.Significant, Is.False);
    }

    [Test]
    public void Analyze_EventSources_FallbackShareOfCallsAndSessionsAndExploreApart()
    {
        // Listener 1 (T): a session with 4 next calls, one from the fallback and one explored, and a
        // clean session of 2 calls. Listener 2 (T): 4 calls, two of them fallback answers (one session
        // touched). Listener 3 (T): an unfinished session full of fallback answers, dropped as in the analysis.
        // 10 next calls, 3 fallback, 1 explore; 3 sessions, 2 touched.
        ListenerEvent S(string message, int user, string? source) =>
            new(message, ++_clock, user, 1, 1.0, 0.002, message == "next" ? 2 : null, new Dictionary<string, string> { ["X"] = "T" }, source);
        var events = new List<ListenerEvent>
        {
            S("next", 1, "contextual"), S("next", 1, "fallback:top-pop"), S("next", 1, "explore:random"), S("next", 1, "contextual"), S("last", 1, null),
            S("next", 1, "contextual"), S("next", 1, "contextual"), S("last", 1, null),
            S("next", 2, "fallback:random"), S("next", 2, "session"), S("next", 2, "fallback:top-pop"), S("next", 2, "session"), S("last", 2, null),
            S("next", 3, "fallback:random"), S("next", 3, "fallback:random"),
        };

        var sources = ExperimentAnalyzer.Analyze(events, "X", "T").Treatments.Single().Stats.Sources!;

        Assert.That(sources.NextCalls, Is.EqualTo(10));
        Assert.That(sources.Fallback, Is.EqualTo(0.3).Within(1e-12));
        Assert.That(sources.SessionsWithFallback, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(sources.Explore, Is.EqualTo(0.1).Within(1e-12), "an explored answer is not a fallback");
    }

    [Test]
    public void Analyze_LogWithoutSources_NoSourceShares()
    {
        var report = ExperimentAnalyzer.Analyze(Session(1, "C", 1.0, 1.0).ToList(), "X");

        Assert.That(report.Treatments.Single().Stats.Sources, Is.Null, "the course's logs carry no source: no share rather than 0%");
    }

    [Test]
    public void Analyze_UnknownExperiment_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => ExperimentAnalyzer.Analyze(Session(1, "C", 1.0).ToList(), "NOPE"));

        Assert.That(error!.Message, Does.Contain("NOPE"));
    }

    [Test]
    public void Analyze_CourseLog_ReproducesItsRecommendersExperiment()
    {
        var events = EventLogReader.Read(SharedData.File("course-made2022-ab-log.jsonl.gz")).ToList();

        var report = ExperimentAnalyzer.Analyze(events, "RECOMMENDERS");
        var t1 = report.Treatments.Single(r => r.Stats.Treatment == "T1");

        Assert.That(report.Control, Is.EqualTo("C"));
        Assert.That(report.Treatments.Sum(r => r.Stats.Sessions), Is.EqualTo(2_000));
        Assert.That(t1.Effect!.Percent, Is.EqualTo(9.94).Within(0.01));
        Assert.That(t1.Effect.Lower, Is.EqualTo(3.69).Within(0.01));
        Assert.That(t1.Effect.Upper, Is.EqualTo(16.19).Within(0.01));
        Assert.That(t1.Effect.Significant, Is.True);
    }
}
