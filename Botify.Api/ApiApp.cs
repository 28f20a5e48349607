using Botify.Api.Experiments;
using Botify.Api.Extensions;
using Botify.Shared.Data;
using Botify.Shared.Hosting;
using Microsoft.Extensions.Options;

namespace Botify.Api;

/// <summary>Builds and runs the recommender service; tests build it the same way on loopback ports.</summary>
public static class ApiApp
{
    /// <summary>
    /// Builds the service from command-line arguments (configuration keys, e.g. <c>--Api:CatalogPath=FILE</c>);
    /// <paramref name="configure"/> runs before the service registers itself: tests use it to drop appsettings.json
    /// or to register their own time provider or session store (registrations here win).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        ServiceHost.Build(
            args,
            configure,
            builder =>
            {
                AddSettingsFile(builder);
                builder.AddBotifyApi();
            },
            app => app.MapBotifyApi());

    /// <summary>
    /// <c>--SettingsFile=FILE</c> (or the environment's <c>SettingsFile</c>): a JSON file in appsettings.json's shape
    /// read after appsettings.json and before the environment and the command line, so those still win. The main
    /// job writes the experiment it ran, and the one it recommends serving, as such files (docs/experiments.md).
    /// </summary>
    private static void AddSettingsFile(WebApplicationBuilder builder)
    {
        if (builder.Configuration[SettingsFileKey] is not { Length: > 0 } file)
        {
            return;
        }

        var path = Path.GetFullPath(file, Directory.GetCurrentDirectory());
        if (!File.Exists(path))
        {
            throw new DataFileException(path, $"no settings file here ({SettingsFileKey})");
        }

        var sources = builder.Configuration.Sources;
        var at = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            at = sources[i] is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource ? i + 1 : at;
        }

        var json = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
        json.ResolveFileProvider();
        sources.Insert(at, json);
    }

    /// <summary>The configuration key naming an extra settings file.</summary>
    public const string SettingsFileKey = "SettingsFile";

    /// <summary>
    /// Loads the catalog and builds the treatments before serving, so a missing or corrupt catalog stops
    /// start-up with one line naming the file and the fault. Returns once the index client's warm-up has
    /// ended (the index answered, or <c>Index:ReadyTimeout</c> passed), so an in-process host's first calls
    /// find the index connected.
    /// </summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetRequiredService<ExperimentRegistry>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        await app.Services.GetRequiredService<IndexClient.IndexConnectionState>().Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The service's entry point: exit code 0 after a graceful stop, 1 when start-up fails.</summary>
    public static Task<int> RunAsync(string[] args) => ServiceHost.RunAsync("Botify.Api", () => Build(args), HasCatalogAsync, StartAsync);

    /// <summary>False, after the line saying what to pass, when the catalog file is missing (a first run).</summary>
    private static async Task<bool> HasCatalogAsync(WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<IOptions<Core.ApiOptions>>().Value.CatalogPath;
        if (File.Exists(catalog))
        {
            return true;
        }

        await Console.Error.WriteLineAsync(NoCatalog(catalog)).ConfigureAwait(false);
        return false;
    }

    /// <summary>The one line a first run without a catalog prints: what to pass, and the command that makes one (docs/operations/configuration.md).</summary>
    internal static string NoCatalog(string path) =>
        $"Botify.Api: no catalog at '{Path.GetFullPath(path)}' (Api:CatalogPath). Pass --Api:CatalogPath=FILE (the course's tracks format); "
        + "the main job makes a world and models to serve: dotnet run -c Release --project Botify.Lab -- --out runs/demo, then "
        + "--Api:CatalogPath=runs/demo/world/tracks.json here and --Index:BundlePath=runs/demo/model-day3 for Botify.Index.";
}
