using System.CommandLine;
using System.Globalization;
using Botify.Shared.Catalog;
using Botify.Sim.Listeners;
using Botify.Sim.Worlds;
using Spectre.Console;

namespace Botify.Sim.Cli;

/// <summary><c>Botify.Sim world</c>: generates a world and writes it in the course's formats.</summary>
internal static class WorldCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var defaults = new WorldOptions();
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write tracks.json, tracks.npy and users.json into (created if missing).", Required = true };
        var tracks = new Option<int>("--tracks") { Description = "Tracks to generate (ignored with --catalog).", DefaultValueFactory = _ => defaults.Tracks };
        var users = new Option<int>("--users") { Description = "Listeners to generate (ignored with --listeners).", DefaultValueFactory = _ => defaults.Listeners };
        var artists = new Option<int?>("--artists") { Description = "Artists to generate (default: one per ten tracks)." };
        var genres = new Option<int>("--genres") { Description = "Genres, the top level of the hidden structure.", DefaultValueFactory = _ => defaults.Genres };
        var dimension = new Option<int>("--dim") { Description = "Dimension of the hidden true vectors.", DefaultValueFactory = _ => defaults.Dimension };
        var seed = new Option<int>("--seed") { Description = "Seed; the same options give the same world.", DefaultValueFactory = _ => defaults.Seed };
        var scale = new Option<float>("--scale") { Description = "Median length of a true vector: how far the best tracks rise above a listener's bias.", DefaultValueFactory = _ => defaults.Scale };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "An existing catalog (JSON lines, .gz allowed) to build hidden vectors for; its artists shape the structure." };
        var listeners = new Option<FileInfo?>("--listeners") { Description = "Existing listeners (users.json format, .gz allowed) instead of generated ones." };
        var command = new Command("world", "Generates a world (catalog, hidden true vectors, listeners) and writes it in the course's formats.")
        {
            output, tracks, users, artists, genres, dimension, seed, scale, catalog, listeners,
        };
        command.SetAction(parse =>
        {
            var options = new WorldOptions
            {
                Tracks = parse.GetValue(tracks),
                Listeners = parse.GetValue(users),
                Artists = parse.GetValue(artists),
                Genres = parse.GetValue(genres),
                Dimension = parse.GetValue(dimension),
                Seed = parse.GetValue(seed),
                Scale = parse.GetValue(scale),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new UsageException($"world: {e.ParamName} is out of range ({e.ActualValue})");
            }

            var given = parse.GetValue(catalog) is { } catalogFile ? TrackCatalog.Load(catalogFile.FullName) : null;
            var trackCount = given?.Count ?? options.Tracks;
            var people = parse.GetValue(listeners) is { } listenersFile ? ListenerFile.Load(listenersFile.FullName, trackCount) : null;
            var world = WorldGenerator.Generate(options, given, people);
            var folder = parse.GetValue(output)!.FullName;
            world.Save(folder);
            console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote a world of {world.Catalog.Count:N0} tracks by {world.Catalog.ArtistCount:N0} artists, {world.Listeners.Count:N0} listeners, d = {world.Dimension} to {folder}"));
            return SimCli.Success;
        });
        return command;
    }
}
