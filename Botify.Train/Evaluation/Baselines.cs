using Botify.Train.Examples;

namespace Botify.Train.Evaluation;

/// <summary>The error baselines of the course's seminar: predict the global average, or a uniform random share.</summary>
public static class Baselines
{
    /// <summary>RMSE on <paramref name="validation"/> of always predicting the training mean.</summary>
    public static double GlobalAverageRmse(ExampleSet train, ExampleSet validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        var mean = train.Times.Average();
        return Math.Sqrt(validation.Times.Select(t => (double)(t - mean) * (t - mean)).DefaultIfEmpty(double.NaN).Average());
    }

    /// <summary>RMSE on <paramref name="validation"/> of predicting a uniform random share in [0, 1).</summary>
    public static double RandomRmse(ExampleSet validation, int seed)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var random = new Random(seed);
        return Math.Sqrt(validation.Times.Select(t =>
        {
            var error = random.NextDouble() - t;
            return error * error;
        }).DefaultIfEmpty(double.NaN).Average());
    }
}
