using Botify.Index.Extensions;
using Botify.Index.Serving;
using Botify.Shared.Data;
using Microsoft.Extensions.Options;

namespace Botify.Index;

/// <summary>Builds and runs the index service; tests build it the same way on loopback ports.</summary>
public static class IndexApp
{
    /// <summary>
    /// Builds the service from command-line arguments (configuration keys, e.g. <c>--Index:BundlePath=DIR</c>);
    /// <paramref name="configure"/> runs before the service registers itself (tests register an in-memory span exporter so).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Content root at the binaries, so appsettings.json (and its HTTP/2-only gRPC endpoint) is read
        // whatever the working directory; without it `dotnet /app/Botify.Index.dll` from elsewhere spoke HTTP/1.1 only.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        builder.AddBotifyIndex();
        var app = builder.Build();
        app.MapBotifyIndex();
        return app;
    }

    /// <summary>
    /// A <see cref="Build"/> hook that drops the appsettings.json files, so the arguments alone configure
    /// the service: for hosts that run it in-process (the main job), whose output folder may hold
    /// another service's appsettings.json.
    /// </summary>
    public static void WithoutSettingsFiles(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var json in builder.Configuration.Sources.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationSource>().ToList())
        {
            builder.Configuration.Sources.Remove(json);
        }
    }

    /// <summary>
    /// Loads the configured bundle (if any) before serving. A missing or corrupt bundle stops start-up
    /// with one line naming the file and the fault.
    /// </summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<IndexOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(options.BundlePath))
        {
            await app.Services.GetRequiredService<ModelHolder>().ReloadAsync(options.BundlePath, cancellationToken).ConfigureAwait(false);
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The service's entry point: exit code 0 after a graceful stop, 1 when start-up fails.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["generate-model", ..])
        {
            return GenerateModelCommand.Run(args[1..]);
        }

        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"Botify.Index: invalid configuration: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
            return 1;
        }

        await using (app.ConfigureAwait(false))
        {
            if (string.IsNullOrWhiteSpace(app.Services.GetRequiredService<IOptions<IndexOptions>>().Value.BundlePath))
            {
                // A cold index is a valid state (a Reload fills it); say once what a first run is missing.
                await Console.Error.WriteLineAsync(
                    "Botify.Index: no model (Index:BundlePath is unset): searches answer FAILED_PRECONDITION until a Reload. Pass --Index:BundlePath=DIR; "
                    + "the main job makes one: dotnet run -c Release --project Botify.Lab -- --out runs/demo, then --Index:BundlePath=runs/demo/model-day3.").ConfigureAwait(false);
            }

            try
            {
                await StartAsync(app).ConfigureAwait(false);
            }
            catch (DataFileException e)
            {
                await Console.Error.WriteLineAsync($"Botify.Index: {e.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (OptionsValidationException e)
            {
                await Console.Error.WriteLineAsync($"Botify.Index: invalid configuration: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
                return 1;
            }

            await app.WaitForShutdownAsync().ConfigureAwait(false);
            return 0;
        }
    }
}
