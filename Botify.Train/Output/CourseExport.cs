using System.Text.Json;
using Botify.Shared.Data;
using Botify.Train.Evaluation;
using Botify.Train.Model;

namespace Botify.Train.Output;

/// <summary>
/// Writes the course's <c>recommendations_contextual.json</c>: one JSON line per context track,
/// <c>{"track": id, "recommendations": [top-100 ids]}</c>, ranked by &lt;c[track], t&gt; + b exactly.
/// </summary>
public static class CourseExport
{
    public const string FileName = "recommendations_contextual.json";

    public static string Write(EmbeddingModel model, string folder, int top = 100)
    {
        ArgumentNullException.ThrowIfNull(model);
        var lines = new string[model.Tracks];
        Parallel.For(0, model.Tracks, () => new float[model.Tracks], (context, _, scores) =>
        {
            var query = model.Context.Row(context);
            for (var t = 0; t < model.Tracks; t++)
            {
                scores[t] = System.Numerics.Tensors.TensorPrimitives.Dot(query, model.TrackVectors.Row(t)) + model.Bias[t];
            }

            scores[context] = float.NegativeInfinity;
            var best = RankingEvaluation.TopK(scores, Math.Min(top, model.Tracks - 1));
            lines[context] = JsonSerializer.Serialize(new CourseRecommendation(context, best), CourseJsonContext.Default.CourseRecommendation);
            return scores;
        }, _ => { });

        var path = Path.Combine(folder, FileName);
        using var writer = TextFiles.CreateText(path);
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }

        return path;
    }
}
