using Botify.Index.Models;
using Botify.Shared.Data;
using Botify.Shared.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Botify.Index.Tests.Models;

/// <summary>A load that never returns cannot hold the reload lock past Index:ReloadTimeout.</summary>
public sealed class ModelHolderTimeoutTests
{
    [Test]
    public async Task ReloadAsync_LoadStuckPastTheTimeout_RefusedAndTheNextReloadServes()
    {
        using var folder = new TempFolder();
        var good = Path.Combine(folder.Path, "good");
        RandomModelGenerator.Generate(tracks: 300, users: 5, dimension: 8, seed: 31).Save(good);
        var stuck = Path.Combine(folder.Path, "stuck");
        var options = Options.Create(new IndexOptions { ReloadTimeout = TimeSpan.FromSeconds(1), EfConstruction = 32, SaveGraph = false });
        using var holder = new ModelHolder(options, TimeProvider.System, NullLogger<ModelHolder>.Instance);
        using var release = new ManualResetEventSlim();
        // Stands for an open() that never returns (a FIFO swapped in after the check, a hung mount).
        holder.LoadStarting = path =>
        {
            if (path == stuck)
            {
                release.Wait();
            }
        };

        try
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            var error = Assert.ThrowsAsync<DataFileException>(async () => await holder.ReloadAsync(stuck, CancellationToken.None));
            var timedOut = waited.Elapsed;
            var served = await holder.ReloadAsync(good, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.That(error!.Message, Does.Contain("Index:ReloadTimeout").And.Contain("abandoned"));
            Assert.That(timedOut, Is.LessThan(TimeSpan.FromSeconds(20)));
            Assert.That(holder.Current, Is.SameAs(served));
            Assert.That(holder.RefusedReloads, Is.EqualTo(1));
        }
        finally
        {
            release.Set();
        }
    }
}
