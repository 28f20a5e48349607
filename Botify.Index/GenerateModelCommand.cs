using System.CommandLine;
using System.Globalization;
using Botify.Shared.Models;

namespace Botify.Index;

/// <summary><c>Botify.Index generate-model</c>: writes a seeded random model bundle, for trying the service before any training.</summary>
internal static class GenerateModelCommand
{
    public static int Run(string[] args)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the bundle into (created if missing).", Required = true };
        var tracks = new Option<int>("--tracks") { Description = "Tracks in the model.", DefaultValueFactory = _ => 50_000 };
        var users = new Option<int>("--users") { Description = "Listeners in the model.", DefaultValueFactory = _ => 10_000 };
        var dimension = new Option<int>("--dim") { Description = "Embedding dimension d.", DefaultValueFactory = _ => 64 };
        var seed = new Option<int>("--seed") { Description = "Seed; the same arguments give the same bundle.", DefaultValueFactory = _ => 1 };
        var command = new RootCommand("Writes a random model bundle (clustered track vectors with varying norms).") { output, tracks, users, dimension, seed };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(tracks);
            var u = parse.GetValue(users);
            var d = parse.GetValue(dimension);
            if (n < 1 || u < 0 || d is < 1 or > 4096)
            {
                Console.Error.WriteLine("generate-model: --tracks must be at least 1, --users at least 0, --dim in 1..4096");
                return 2;
            }

            var bundle = RandomModelGenerator.Generate(n, u, d, parse.GetValue(seed));
            var folder = parse.GetValue(output)!.FullName;
            bundle.Save(folder);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote model {bundle.Manifest.ModelVersion} ({n} tracks, {u} listeners, d = {d}) to {folder}"));
            return 0;
        });
        return command.Parse(args).Invoke();
    }
}
