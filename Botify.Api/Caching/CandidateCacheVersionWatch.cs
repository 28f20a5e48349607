using Botify.Api.IndexClient;
using Microsoft.Extensions.Options;

namespace Botify.Api.Caching;

/// <summary>
/// Reads the index's model version every <see cref="CandidateCacheOptions.VersionCheckInterval"/> and hands it
/// to the <see cref="CandidateCache"/>, so a reload empties the cache even when every call hits it. An index
/// that does not answer leaves the cache as it is: its entries are still the last model's best.
/// </summary>
internal sealed class CandidateCacheVersionWatch(CandidateCache cache, IIndexSearch index, IOptions<CandidateCacheOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!cache.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.VersionCheckInterval, time);
        do
        {
            try
            {
                cache.Observe(await index.ModelVersionAsync(stoppingToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Down or restarting: the searches' own resilience reports it; the next tick tries again.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
