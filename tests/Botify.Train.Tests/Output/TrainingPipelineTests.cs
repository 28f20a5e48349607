using Botify.Shared.Models;
using Botify.Train.Examples;
using Botify.Train.Model;
using Botify.Train.Output;

namespace Botify.Train.Tests.Output;

public sealed class TrainingPipelineTests
{
    [Test]
    public void Run_WritesALoadableBundleWithMetricsCurveAndCourseExport()
    {
        using var folder = new TempFolder();
        var log = new SyntheticLog(400, users: 60, sessions: 1_500, seed: 7);
        var logPath = folder.File("events.jsonl");
        log.Write(logPath);
        File.AppendAllText(logPath, "{\"message\": \"next\", \"trunc\n");
        var bundlePath = Path.Combine(folder.Path, "bundle");
        var exportPath = Path.Combine(folder.Path, "course");
        // The regression alone: co-listening moves the inner products off the share scale (docs/training.md).
        var options = new TrainerOptions { Dimension = 8, Epochs = 4, Threads = 1, CoListening = new CoListeningSettings { Weight = 0 } };
        var request = new TrainingRequest([logPath], bundlePath, options, Tracks: 400, ExportCourseFolder: exportPath);

        var report = TrainingPipeline.Run(request);
        var bundle = ModelBundle.Load(bundlePath);

        Assert.That(report.Log.Skipped, Is.EqualTo(1));
        Assert.That(bundle.Manifest.ModelVersion, Is.EqualTo(report.ModelVersion).And.StartWith("trained-"));
        Assert.That(bundle.Manifest.Tracks, Is.EqualTo(400));
        Assert.That(bundle.Manifest.Dimension, Is.EqualTo(8));
        Assert.That(bundle.Manifest.Metrics, Does.ContainKey("validation_rmse").And.ContainKey("ndcg_at_10"));
        Assert.That(bundle.Manifest.Training["context"], Is.EqualTo("first"));
        Assert.That(bundle.Manifest.Metrics["validation_rmse"], Is.LessThan(bundle.Manifest.Metrics["random_rmse"]));
        Assert.That(report.Ranking.ModelNdcg, Is.GreaterThan(report.Ranking.RandomNdcg), "the model orders held-out offers better than chance");
        Assert.That(File.Exists(Path.Combine(bundlePath, LearningCurvePlot.FileName)), Is.True);
        var lines = File.ReadAllLines(Path.Combine(exportPath, CourseExport.FileName));
        Assert.That(lines, Has.Length.EqualTo(400), "every track has a context vector, so a line");
        Assert.That(lines[0], Does.StartWith("{\"track\":").And.Contain("\"recommendations\":["));
    }

    [Test]
    public void Run_ChooseLearningRate_TrainsEachCandidateRateAndKeepsTheHigherHeldOutPairAuc()
    {
        using var folder = new TempFolder();
        var log = new SyntheticLog(300, users: 60, sessions: 1_500, seed: 9, nearShare: 0.3);
        var logPath = folder.File("events.jsonl");
        log.Write(logPath);
        var chosenPath = Path.Combine(folder.Path, "chosen");
        var givenPath = Path.Combine(folder.Path, "given");

        var chosen = TrainingPipeline.Run(new TrainingRequest([logPath], chosenPath, new TrainerOptions { Dimension = 8, Epochs = 3, Threads = 1, ChooseLearningRate = true }, Tracks: 300));
        var given = TrainingPipeline.Run(new TrainingRequest([logPath], givenPath, new TrainerOptions { Dimension = 8, Epochs = 3, Threads = 1, LearningRate = 0.05f }, Tracks: 300));

        Assert.That(chosen.RatesTried.Select(r => r.Rate), Is.EqualTo(TrainerOptions.CandidateRates));
        var best = chosen.RatesTried.MaxBy(r => r.PairAuc)!;
        Assert.That(chosen.PairAuc, Is.EqualTo(best.PairAuc), "the kept model is the one with the higher held-out AUC");
        var manifest = ModelBundle.Load(chosenPath).Manifest;
        Assert.That(float.Parse(manifest.Training["learning_rate"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(best.Rate));
        Assert.That(manifest.Metrics, Does.ContainKey("validation_pair_auc_at_rate_0.1").And.ContainKey("validation_pair_auc_at_rate_0.005"));
        Assert.That(given.RatesTried, Is.Empty, "without the choice the rate given is used as it is");
        Assert.That(ModelBundle.Load(givenPath).Manifest.Training["learning_rate"], Is.EqualTo("0.05"));
    }

    [Test]
    public void Run_NothingHeldOut_WritesALoadableBundleWithoutTheHeldOutFigures()
    {
        using var folder = new TempFolder();
        var log = new SyntheticLog(200, users: 40, sessions: 400, seed: 3);
        var logPath = folder.File("events.jsonl");
        log.Write(logPath);
        var bundlePath = Path.Combine(folder.Path, "bundle");

        var report = TrainingPipeline.Run(new TrainingRequest([logPath], bundlePath, new TrainerOptions { Dimension = 8, Epochs = 2, Threads = 1, ValidationShare = 0 }, Tracks: 200));
        var metrics = ModelBundle.Load(bundlePath).Manifest.Metrics;

        Assert.That(report.ValidationExamples, Is.Zero);
        Assert.That(metrics, Does.Not.ContainKey("validation_rmse").And.Not.ContainKey("validation_pair_auc"));
        Assert.That(metrics.Values, Is.All.Matches<double>(double.IsFinite));
        Assert.That(metrics["train_examples"], Is.GreaterThan(0));
    }

    [Test]
    public void Run_UnseenIds_TracksGetAContextAndNoneIsListedListenersStayZero()
    {
        using var folder = new TempFolder();
        var log = new SyntheticLog(300, users: 40, sessions: 300, seed: 8);
        var logPath = folder.File("events.jsonl");
        log.Write(logPath);
        var bundlePath = Path.Combine(folder.Path, "bundle");

        // 50 listeners more than the log holds, and 100 tracks more: none of them ever played.
        var report = TrainingPipeline.Run(new TrainingRequest([logPath], bundlePath, new TrainerOptions { Dimension = 8, Epochs = 2, Threads = 1 }, Tracks: 400, Users: 90));
        var bundle = ModelBundle.Load(bundlePath);

        Assert.That(bundle.Manifest.ColdTracks, Is.Empty);
        Assert.That(report.Contexts.Total, Is.EqualTo(400));
        Assert.That(report.Contexts.FromMean, Is.GreaterThanOrEqualTo(100));
        Assert.That(bundle.Context.Row(350).ToArray(), Is.Not.All.Zero, "the mean context: the index can be queried by it");
        Assert.That(bundle.Tracks.Row(350).ToArray(), Is.All.Zero);
        Assert.That(bundle.Users.Row(85).ToArray(), Is.All.Zero);
    }
}
