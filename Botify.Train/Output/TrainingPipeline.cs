using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Botify.Shared.Models;
using Botify.Train.Evaluation;
using Botify.Train.Examples;
using Botify.Train.Model;

namespace Botify.Train.Output;

/// <summary>
/// The whole training run: read the logs, rebuild sessions, hold out a share of them, train, measure
/// against the baselines, and write the model bundle (with the figures in its manifest), the learning
/// curve and optionally the course's recommendations file.
/// </summary>
public static class TrainingPipeline
{
    public static TrainingReport Run(TrainingRequest request, Action<EpochResult>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options;
        options.Validate();
        var logReport = new LogReadReport();
        var log = request.Stream is { } stream ? StreamLogReader.Read(stream, logReport) : TolerantLogReader.ReadPlays(request.Logs, logReport);
        var sessions = SessionRebuilder.Rebuild(log.Plays, request.IdleGap ?? SessionRebuilder.DefaultIdleGap);
        var tracks = request.Catalog?.Count ?? request.Tracks ?? (log.MaxTrack + 1);
        var features = request.Catalog is { } catalog ? TrackFeatures.FromCatalog(catalog) : null;
        var users = request.Users ?? (log.MaxUser + 1);
        var outOfRange = log.Plays.FindIndex(p => p.Track >= tracks);
        if (outOfRange >= 0)
        {
            throw new ArgumentException($"the log holds track {log.Plays[outOfRange].Track}, outside the catalog of {tracks} tracks");
        }

        var split = new Random(options.Seed);
        var trainIds = new List<int>();
        var validationIds = new List<int>();
        for (var s = 0; s < sessions.Count; s++)
        {
            (split.NextDouble() < options.ValidationShare ? validationIds : trainIds).Add(s);
        }

        var train = ExampleSet.From(sessions, trainIds, options.Context);
        var validation = ExampleSet.From(sessions, validationIds, options.Context);
        var coListening = options.CoListening;
        Func<int, int>? artistOf = request.Catalog is { } known ? known.ArtistOf : null;
        var pairs = coListening.Enabled ? CoListeningPairs.From(sessions, trainIds, coListening, artistOf) : CoListeningPairs.Empty;
        var validationPairs = coListening.Enabled ? CoListeningPairs.From(sessions, validationIds, coListening with { StartPairWeight = 0 }) : CoListeningPairs.Empty;
        // With ChooseLearningRate and held-out pairs, each candidate rate trains a model and the held-out pair AUC
        // keeps one: the logs say how far per-track vectors should move (docs/training.md#the-learning-rates).
        var rates = options.ChooseLearningRate && pairs.Count > 0 && validationPairs.Count > 0 ? TrainerOptions.CandidateRates : [options.LearningRate];
        var tried = new List<RateTried>();
        Fitted? best = null;
        foreach (var rate in rates)
        {
            var fit = Fit(options with { LearningRate = rate }, train, validation, tracks, users, onEpoch, features, pairs, validationPairs, cancellationToken);
            tried.Add(new RateTried(rate, fit.PairAuc));
            if (best is null || fit.PairAuc > best.PairAuc) // NaN (nothing held out) never wins, so the first rate stays
            {
                best = fit;
            }
        }

        var (model, epochs, contextSources, coldUsers, pairAuc, chosenRate) = best!;
        IReadOnlyList<RateTried> ratesTried = tried.Count > 1 ? tried : [];
        options = options with { LearningRate = chosenRate };
        var ranking = RankingEvaluation.Evaluate(model, sessions, validationIds, train);
        var validationRmse = validation.Count > 0 ? Trainer.Rmse(model, validation) : double.NaN;
        var averageRmse = validation.Count > 0 ? Baselines.GlobalAverageRmse(train, validation) : double.NaN;
        var randomRmse = validation.Count > 0 ? Baselines.RandomRmse(validation, options.Seed) : double.NaN;

        // After the held-out figures, so they measure what training learned; from every session, so the
        // held-out ones give their tracks a context too.
        var contexts = ContextBackfill.Fill(model, contextSources, sessions);
        var bundle = ToBundle(model, options, features is not null);
        var manifest = bundle.Manifest;
        contexts.WriteTo(manifest.Metrics);
        manifest.Metrics["validation_rmse"] = validationRmse;
        manifest.Metrics["global_average_rmse"] = averageRmse;
        manifest.Metrics["random_rmse"] = randomRmse;
        manifest.Metrics[$"ndcg_at_{ranking.K}"] = ranking.ModelNdcg;
        manifest.Metrics[$"popularity_ndcg_at_{ranking.K}"] = ranking.PopularityNdcg;
        manifest.Metrics[$"random_ndcg_at_{ranking.K}"] = ranking.RandomNdcg;
        manifest.Metrics["train_examples"] = train.Count;
        manifest.Metrics["co_listening_pairs"] = pairs.Count;
        if (epochs.Any(e => !double.IsNaN(e.ValidationPairLoss)))
        {
            manifest.Metrics["validation_pair_loss"] = epochs.Where(e => !double.IsNaN(e.ValidationPairLoss)).Min(e => e.ValidationPairLoss);
        }
        manifest.Metrics["validation_examples"] = validation.Count;
        manifest.Metrics["validation_pair_auc"] = pairAuc;
        foreach (var t in ratesTried)
        {
            manifest.Metrics[string.Create(CultureInfo.InvariantCulture, $"validation_pair_auc_at_rate_{t.Rate}")] = t.PairAuc;
        }

        manifest.Metrics["skipped_log_lines"] = logReport.Skipped;
        // A figure with nothing to measure it on (no held-out sessions) is left out: JSON has no NaN.
        foreach (var key in manifest.Metrics.Where(m => !double.IsFinite(m.Value)).Select(m => m.Key).ToList())
        {
            manifest.Metrics.Remove(key);
        }

        bundle.Save(request.OutputFolder);

        var curve = LearningCurvePlot.Write(epochs, averageRmse, randomRmse, request.OutputFolder);
        string? export = null;
        if (request.ExportCourseFolder is { } exportFolder)
        {
            Directory.CreateDirectory(exportFolder);
            export = CourseExport.Write(model, exportFolder);
        }

        return new TrainingReport(logReport, sessions.Count, train.Count, validation.Count, pairs.Count, epochs, validationRmse, averageRmse, randomRmse,
            ranking, manifest.ModelVersion, request.OutputFolder, contexts, coldUsers, curve, export)
        {
            PairAuc = pairAuc,
            RatesTried = ratesTried,
        };
    }

    private sealed record Fitted(EmbeddingModel Model, IReadOnlyList<EpochResult> Epochs, ContextSource[] ContextSources, int ColdUsers, double PairAuc, float Rate);

    /// <summary>One training at one rate, with its unseen rows forgotten and features folded in, and its held-out pair AUC.</summary>
    private static Fitted Fit(TrainerOptions options, ExampleSet train, ExampleSet validation, int tracks, int users, Action<EpochResult>? onEpoch,
        TrackFeatures? features, CoListeningPairs pairs, CoListeningPairs validationPairs, CancellationToken cancellationToken)
    {
        var (model, epochs) = new Trainer(options).Train(train, validation, tracks, users, onEpoch, features, pairs, validationPairs, cancellationToken);
        var contextSources = ForgetUnseen(model, train, pairs, out var coldUsers);
        model.FoldFeatures(options.CoListening.Scale);
        var auc = PairAuc.Measure(model.Context, model.TrackVectors, model.Bias, validationPairs, options.Seed);
        return new Fitted(model, epochs, contextSources, coldUsers, auc, options.LearningRate);
    }

    /// <summary>
    /// Ids the training never saw keep no learned vector: listeners, never-heard tracks and features
    /// get zero rows (a cold listener's query is its context alone), and a track that was never a
    /// context keeps only its seen features' shares. Returns where each track's context comes from:
    /// trained, its features, or nothing yet (<see cref="ContextBackfill"/> fills those). A track on
    /// either side of a co-listening pair was seen on that side. Runs before the features' shares are folded in.
    /// </summary>
    private static ContextSource[] ForgetUnseen(EmbeddingModel model, ExampleSet train, CoListeningPairs pairs, out int coldUsers)
    {
        var seenContext = new bool[model.Tracks];
        var seenTrack = new bool[model.Tracks];
        var seenUser = new bool[model.Users];
        var seenFeatureContext = new bool[model.FeatureCount];
        var seenFeatureTrack = new bool[model.FeatureCount];
        void Seen(int context, int track)
        {
            seenContext[context] = true;
            seenTrack[track] = true;
            foreach (var feature in model.FeaturesOf(context))
            {
                seenFeatureContext[feature] = true;
            }

            foreach (var feature in model.FeaturesOf(track))
            {
                seenFeatureTrack[feature] = true;
            }
        }

        for (var i = 0; i < train.Count; i++)
        {
            Seen(train.Contexts[i], train.Tracks[i]);
            seenUser[train.Users[i]] = true;
        }

        for (var i = 0; i < pairs.Count; i++)
        {
            Seen(pairs.Contexts[i], pairs.Tracks[i]);
        }

        for (var f = 0; f < model.FeatureCount; f++)
        {
            if (!seenFeatureContext[f])
            {
                model.FeatureContext.Row(f).Clear();
            }

            if (!seenFeatureTrack[f])
            {
                model.FeatureTracks.Row(f).Clear();
                model.FeatureBias[f] = 0f;
            }
        }

        var sources = new ContextSource[model.Tracks];
        for (var t = 0; t < model.Tracks; t++)
        {
            sources[t] = ContextSource.Trained;
            if (!seenContext[t])
            {
                model.Context.Row(t).Clear();
                sources[t] = ContextSource.None;
                foreach (var feature in model.FeaturesOf(t))
                {
                    if (seenFeatureContext[feature])
                    {
                        sources[t] = ContextSource.Features;
                    }
                }
            }

            if (!seenTrack[t] && model.Bias[t] == 0f)
            {
                model.TrackVectors.Row(t).Clear();
            }
        }

        coldUsers = 0;
        for (var u = 0; u < model.Users; u++)
        {
            if (!seenUser[u])
            {
                coldUsers++;
                model.UserVectors.Row(u).Clear();
            }
        }

        return sources;
    }

    // Lists no cold tracks: every track has a context vector once ContextBackfill has run.
    private static ModelBundle ToBundle(EmbeddingModel model, TrainerOptions options, bool features)
    {
        var manifest = new ModelManifest
        {
            ModelVersion = "trained-" + ContentHash(model),
            Dimension = model.Dimension,
            Tracks = model.Tracks,
            Users = model.Users,
            GlobalBias = model.GlobalBias,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var settings = manifest.Training;
        settings["trainer"] = "Botify.Train adagrad";
        settings["dimension"] = Text(options.Dimension);
        settings["epochs"] = Text(options.Epochs);
        settings["learning_rate"] = Text(options.LearningRate);
        settings["bias_learning_rate"] = Text(options.BiasRate);
        settings["l2"] = Text(options.TrackL2(features));
        settings["feature_l2"] = Text(options.FeatureL2);
        settings["negatives"] = Text(options.Negatives);
        settings["context"] = options.Context == ContextChoice.First ? "first" : "previous";
        settings["co_listening_weight"] = Text(options.CoListening.Weight);
        settings["co_listening_threshold"] = Text(options.CoListening.Threshold);
        settings["co_listening_window"] = Text(options.CoListening.Window);
        settings["co_listening_start_pair_weight"] = Text(options.CoListening.StartPairWeight);
        settings["co_listening_negatives"] = Text(options.CoListening.Negatives);
        settings["co_listening_session_negatives"] = Text(options.CoListening.SessionNegatives);
        settings["co_listening_uniform_negative_share"] = Text(options.CoListening.UniformNegativeShare);
        settings["co_listening_chosen_uniform_negative_share"] = Text(options.CoListening.ChosenUniformNegativeShare);
        settings["co_listening_chosen_pair_weight"] = Text(options.CoListening.ChosenPairWeight);
        settings["co_listening_scale"] = Text(options.CoListening.Scale);
        settings["validation_share"] = Text(options.ValidationShare);
        settings["seed"] = Text(options.Seed);
        settings["threads"] = Text(options.Threads);
        return new ModelBundle(manifest, model.Context, model.TrackVectors, model.Bias, model.UserVectors);
    }

    private static string Text(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static string ContentHash(EmbeddingModel model)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(MemoryMarshal.AsBytes(model.Context.Data));
        hash.AppendData(MemoryMarshal.AsBytes(model.TrackVectors.Data));
        hash.AppendData(MemoryMarshal.AsBytes(model.UserVectors.Data));
        hash.AppendData(MemoryMarshal.AsBytes(model.Bias.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
