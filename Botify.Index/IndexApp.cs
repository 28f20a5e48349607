using Botify.Index.Extensions;
using Botify.Index.Models;
using Botify.Shared.Hosting;
using Microsoft.Extensions.Options;

namespace Botify.Index;

/// <summary>Builds and runs the index service; tests build it the same way on loopback ports.</summary>
public static class IndexApp
{
    /// <summary>
    /// Builds the service from command-line arguments (configuration keys, e.g. <c>--Index:BundlePath=DIR</c>);
    /// <paramref name="configure"/> runs before the service registers itself (tests register an in-memory span exporter so).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        ServiceHost.Build(args, configure, builder => builder.AddBotifyIndex(), app => app.MapBotifyIndex());

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
    public static Task<int> RunAsync(string[] args) =>
        args is ["generate-model", ..]
            ? Task.FromResult(GenerateModelCommand.Run(args[1..]))
            : ServiceHost.RunAsync("Botify.Index", () => Build(args), SayWhenColdAsync, StartAsync);

    /// <summary>A cold index is a valid state (a Reload fills it): says once what a first run is missing, and starts.</summary>
    private static async Task<bool> SayWhenColdAsync(WebApplication app)
    {
        if (string.IsNullOrWhiteSpace(app.Services.GetRequiredService<IOptions<IndexOptions>>().Value.BundlePath))
        {
            await Console.Error.WriteLineAsync(
                "Botify.Index: no model (Index:BundlePath is unset): searches answer FAILED_PRECONDITION until a Reload. Pass --Index:BundlePath=DIR; "
                + "the main job makes one: dotnet run -c Release --project Botify.Lab -- --out runs/demo, then --Index:BundlePath=runs/demo/model-day3.").ConfigureAwait(false);
        }

        return true;
    }
}
