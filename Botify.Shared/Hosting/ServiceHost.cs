using Botify.Shared.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Botify.Shared.Hosting;

/// <summary>
/// The host both services run in (Botify.Api's <c>ApiApp</c>, Botify.Index's <c>IndexApp</c>): a web host
/// over the binaries' folder, and an entry point that turns a bad setting or data file at start-up into one
/// line naming it and exit code 1.
/// </summary>
public static class ServiceHost
{
    /// <summary>
    /// Builds a service from command-line arguments (configuration keys, e.g. <c>--Index:BundlePath=DIR</c>).
    /// The content root is the binaries' folder, so appsettings.json (and its HTTP/2-only gRPC endpoint) is
    /// read whatever the working directory.
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="configure">Runs before the service registers itself: tests drop appsettings.json or register their own services so.</param>
    /// <param name="addService">Registers the service.</param>
    /// <param name="mapService">Maps the service's endpoints on the built application.</param>
    /// <returns>The application, not started.</returns>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure, Action<WebApplicationBuilder> addService, Action<WebApplication> mapService)
    {
        ArgumentNullException.ThrowIfNull(addService);
        ArgumentNullException.ThrowIfNull(mapService);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        addService(builder);
        var app = builder.Build();
        mapService(app);
        return app;
    }

    /// <summary>
    /// A <see cref="Build"/> hook that drops the appsettings.json files, so the arguments alone configure
    /// the service: for hosts that run it in-process (the main job, tests), whose output folder may hold
    /// another service's appsettings.json.
    /// </summary>
    /// <param name="builder">The service's builder.</param>
    public static void WithoutSettingsFiles(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var json in builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList())
        {
            builder.Configuration.Sources.Remove(json);
        }
    }

    /// <summary>
    /// A service's entry point: builds it, runs <paramref name="preflight"/>, starts it and waits for a stop.
    /// An invalid setting or a missing or corrupt data file, at build or at start, prints one line on standard
    /// error, prefixed with <paramref name="name"/>.
    /// </summary>
    /// <param name="name">The service's name, as its lines on standard error begin.</param>
    /// <param name="build">Builds the service.</param>
    /// <param name="preflight">Checks what the service needs before it starts and prints what is missing; false stops the start.</param>
    /// <param name="start">Starts the service (loads its data, then the host).</param>
    /// <returns>0 after a graceful stop, 1 when start-up fails.</returns>
    public static async Task<int> RunAsync(string name, Func<WebApplication> build, Func<WebApplication, Task<bool>> preflight, Func<WebApplication, CancellationToken, Task> start)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(preflight);
        ArgumentNullException.ThrowIfNull(start);
        WebApplication app;
        try
        {
            app = build();
        }
        catch (Exception e) when (StartFailure(name, e) is { } line)
        {
            await Console.Error.WriteLineAsync(line).ConfigureAwait(false);
            return 1;
        }

        await using (app.ConfigureAwait(false))
        {
            if (!await preflight(app).ConfigureAwait(false))
            {
                return 1;
            }

            try
            {
                await start(app, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (StartFailure(name, e) is { } line)
            {
                await Console.Error.WriteLineAsync(line).ConfigureAwait(false);
                return 1;
            }

            await app.WaitForShutdownAsync().ConfigureAwait(false);
            return 0;
        }
    }

    /// <summary>The line a start-up fault prints; null for a fault that is a bug, which propagates.</summary>
    private static string? StartFailure(string name, Exception fault) => fault switch
    {
        OptionsValidationException e => $"{name}: invalid configuration: {string.Join("; ", e.Failures)}",
        DataFileException e => $"{name}: {e.Message}",
        _ => null,
    };
}
