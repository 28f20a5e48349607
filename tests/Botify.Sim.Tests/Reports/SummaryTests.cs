using Botify.Shared.Statistics;
using Botify.Sim.Reports;
using Botify.Sim.Sessions;

namespace Botify.Sim.Tests.Reports;

public sealed class SummaryTests
{
    [Test]
    public void MeanInterval_FiveSamples_StudentTHalfWidth()
    {
        var interval = MeanInterval.Of([1.0, 2.0, 3.0, 4.0, 5.0]);

        Assert.Multiple(() =>
        {
            Assert.That(interval.Mean, Is.EqualTo(3.0));

            // t(0.975, 4) = 2.776445, s = sqrt(2.5): 2.776445 x 1.581139 / sqrt(5) = 1.963243
            Assert.That(interval.HalfWidth, Is.EqualTo(1.963243).Within(1e-5));
        });
    }

    [TestCase(1, 12.706205)]
    [TestCase(5, 2.570582)]
    [TestCase(10, 2.228139)]
    [TestCase(11, 2.200985)]
    [TestCase(20, 2.085963)]
    [TestCase(30, 2.042272)]
    [TestCase(1000, 1.962339)]
    public void Quantile975_KnownDegreesOfFreedom_MatchesTables(double df, double expected) =>
        Assert.That(StudentT.Quantile(0.975, df), Is.EqualTo(expected).Within(2e-4));

    [Test]
    public void Build_TwoTreatmentsWithErrors_SummarisesEachAndLeavesFailedOutOfMeans()
    {
        SessionRecord[] sessions =
        [
            new(0, 1, "C", 2.0, 1, 0),
            new(1, 2, "C", 4.0, 3, 0),
            new(2, 3, "T1", 10.0, 9, 0),
            new(3, 4, "T1", 99.0, 1, 2),
        ];

        var summary = RunSummary.Build("test", 1, sessions, TimeSpan.FromSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(summary.Treatments.Select(t => t.Treatment), Is.EqualTo(new[] { "C", "T1" }));
            Assert.That(summary.Treatments[0].SessionTime.Mean, Is.EqualTo(3.0));
            Assert.That(summary.Treatments[0].Steps.Mean, Is.EqualTo(2.0));
            Assert.That(summary.Treatments[1].Sessions, Is.EqualTo(2));
            Assert.That(summary.Treatments[1].FailedSessions, Is.EqualTo(1));
            Assert.That(summary.Treatments[1].SessionTime.Mean, Is.EqualTo(10.0));
            Assert.That(summary.Steps, Is.EqualTo(14));
            Assert.That(summary.StepsPerSecond, Is.EqualTo(7.0));
        });
    }

    [Test]
    public void WriteSummary_ThenRead_RoundTrips()
    {
        using var folder = new TempFolder();
        var latency = new LatencySummary(10, 1, new Dictionary<string, long> { ["Unavailable"] = 1 }, 5.0, 1, 2, 3, 4);
        var summary = RunSummary.Build("x", 3, [new SessionRecord(0, 1, "C", 2.0, 1, 0), new SessionRecord(1, 1, "C", 3.0, 2, 0)], TimeSpan.FromSeconds(1), latency);

        ReportFiles.WriteSummary(folder.File("s.json"), summary);
        var read = ReportFiles.ReadSummary(folder.File("s.json"));

        Assert.Multiple(() =>
        {
            Assert.That(read.Treatments[0].SessionTime, Is.EqualTo(summary.Treatments[0].SessionTime));
            Assert.That(read.Remote!.ErrorsByKind["Unavailable"], Is.EqualTo(1));
            Assert.That(read.ErrorRate, Is.EqualTo(0.1));
        });
    }
}
