using System.Globalization;
using System.Text.Json;
using Botify.Lab.Analysis;
using Botify.Lab.Loop;

namespace Botify.Lab.Tests.Loop;

[Category("Integration")]
[NonParallelizable]
public sealed class LabRunTests
{
    [Test]
    public async Task RunAsync_SmallWorldThreeDays_EveryDayReportedWarmAndModelArmsServeFromTheModel()
    {
        var folder = Path.Combine(Path.GetTempPath(), "botify-lab-" + Guid.NewGuid().ToString("N"));
        string[] armNames = ["C", "T2", "T5", "R"];
        var options = new LabOptions
        {
            Tracks = 3_000,
            Listeners = 1_500,
            Seed = 3,
            Days = 3,
            Day1Episodes = 5_000,
            DayEpisodes = 3_000,
            ReferenceEpisodes = 1_500,
            Concurrency = 16,
            Dimension = 16,
            Epochs = 8,
            Arms = [.. armNames.Select(n => Arm.Standard.Single(a => a.Name == n))],
            RunFolder = folder,
        };

        try
        {
            var result = await new LabRun(options, new SilentProgress()).RunAsync();
            var report = result.Report;
            var files = Botify.Lab.Reports.ReportFiles.Write(report, folder);
            var markdown = await File.ReadAllTextAsync(Path.Combine(folder, "report.md"));
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "report.json")));
            TestContext.Out.WriteLine(markdown);

            Assert.That(result.Day1.Errors, Is.Zero);
            Assert.That(result.Days.Select(d => d.Day), Is.EqualTo(new[] { 2, 3 }));
            Assert.That(result.Days.Select(d => d.Seed).Distinct().Count(), Is.EqualTo(2), "each day plays its own seed");
            Assert.That(result.Days.Select(d => d.Traffic.Errors), Is.All.Zero);
            Assert.That(result.Days.Select(d => d.WarmUp.Completed), Is.All.True);
            Assert.That(result.Days.Select(d => d.WarmUp.ColdTracks), Is.All.Zero, "every track has a context vector, so the index refuses none as cold");
            Assert.That(result.Nights.Select(n => n.Served.Loaded), Is.All.True);
            Assert.That(result.Nights[1].Training.Sessions, Is.GreaterThan(result.Nights[0].Training.Sessions), "the second night trains on days 1 and 2");
            Assert.That(report.Days, Has.Count.EqualTo(2));
            Assert.That(report.Geometry, Is.EqualTo(result.Nights.Select(n => n.Geometry)));
            foreach (var g in report.Geometry)
            {
                Assert.That(g.Sample, Is.GreaterThan(0), $"night {g.Night}: sampled tracks");
                Assert.That(g.Recall, Is.InRange(0.0, 1.0), $"night {g.Night}: recall@{g.K}");
                Assert.That(g.HeardSample, Is.InRange(0, g.Sample), $"night {g.Night}: heard tracks");
            }

            Assert.That(markdown, Does.Not.Contain("Geometry against the truth"), "the geometry table is the run summary's, not the analysis'");
            var summary = Botify.Lab.Reports.RunSummaryText.Render(result);
            Assert.That(summary, Does.Contain("Geometry against the truth").And.Contain("| night | recall@10 |"));
            Assert.That(summary, Does.Contain("held-out liked pairs above a random track (AUC)"), "each night names what the model is trained for before the regression's RMSE");
            Assert.That(result.Nights.Select(n => n.Training.PairAuc), Is.All.InRange(0.5, 1.0), "the held-out liked pairs rank above random tracks");
            foreach (var night in result.Nights)
            {
                Assert.That(summary, Does.Contain(night.Training.Contexts.Describe()), $"night {night.Day - 1}: where its context vectors came from");
                Assert.That(night.Training.Contexts.Total, Is.EqualTo(result.Tracks), $"night {night.Day - 1}: every track has a context vector");
            }

            foreach (var night in result.Nights.Where(n => n.Training.ValidationRmse > n.Training.GlobalAverageRmse))
            {
                Assert.That(summary, Does.Contain(string.Create(CultureInfo.InvariantCulture, $"random {night.Training.RandomRmse:F4}), above the global average because")), $"night {night.Day - 1}: an RMSE above the global average says why on its line");
            }
            foreach (var day in report.Days)
            {
                Assert.That(day.Treatments.Select(r => r.Stats.Treatment), Is.EqualTo(armNames), $"day {day.Day}: every arm, in the arms' order");
                Assert.That(day.Treatments.Sum(r => r.Stats.Sessions), Is.EqualTo(3_000), $"day {day.Day}: warm-up sessions are not in the day's log");
                foreach (var row in day.Treatments.Where(r => r.Stats.Treatment != "R"))
                {
                    Assert.That(row.Stats.Sources!.Fallback, Is.LessThanOrEqualTo(0.01), $"day {day.Day}, arm {row.Stats.Treatment}: fallback share");
                    Assert.That(row.Stats.Sources.Explore, Is.GreaterThan(0).And.LessThan(0.05), $"day {day.Day}, arm {row.Stats.Treatment}: explore share");
                }
            }

            Assert.That(FallbackLimit.Check(report.Days, options.Arms, options.FallbackLimit), Is.Empty);
            Assert.That(report.Treatments, Is.EqualTo(report.Days[^1].Treatments), "the main table is the last day's");
            var random = report.Treatments.Single(r => r.Stats.Treatment == "R");
            var best = report.Treatments.Where(r => options.Arms.Single(a => a.Name == r.Stats.Treatment).IsModel).MaxBy(r => r.Stats.Mean)!.Stats.Treatment;
            Assert.That(report.References.Select(r => r.Name), Is.EqualTo(new[] { ReferenceRow.OracleName, ReferenceRow.NeighboursName, ReferenceRow.RandomName, ReferenceRow.OnTruthName(best) }),
                "the last day's best model arm is replayed on the true vectors");
            var onTruth = report.References[^1];
            Assert.That(onTruth.Sessions, Is.EqualTo(options.ReferenceEpisodes), "the replay's warm-up sessions are not counted");
            Assert.That(onTruth.Mean, Is.GreaterThan(random.Stats.Mean), "the rule on the true vectors beats random");
            Assert.That(report.OracleMean, Is.GreaterThan(report.Treatments.Max(r => r.Stats.Mean)));
            var t5 = report.Treatments.Single(r => r.Stats.Treatment == "T5");
            Assert.That(t5.Stats.Mean, Is.GreaterThan(random.Stats.Mean), "the session arm beats random");

            Assert.That(markdown, Does.Contain("fallback, % of next / of sessions"));
            Assert.That(markdown, Does.Contain("## Every A/B day").And.Contain("| treatment | day 2 | day 3 |"));
            Assert.That(markdown, Does.Contain("*" + ReferenceRow.NeighboursName + "*"));
            var days = json.RootElement.GetProperty("days");
            Assert.That(days.GetArrayLength(), Is.EqualTo(2));
            Assert.That(json.RootElement.GetProperty("geometry").GetArrayLength(), Is.EqualTo(2));
            Assert.That(days[1].GetProperty("treatments")[0].GetProperty("stats").GetProperty("sources").GetProperty("fallback").GetDouble(), Is.LessThanOrEqualTo(0.01));
            Assert.That(files, Does.Contain(Path.Combine(folder, "report-days.png")));
            Assert.That(File.Exists(Path.Combine(folder, "model-day3", "manifest.json")), Is.True);
            Assert.That(Directory.GetFiles(Path.Combine(folder, "day3-warmup-events")), Is.Not.Empty);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
