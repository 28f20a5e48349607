using System.Collections.Concurrent;
using System.Diagnostics;
using Botify.Api.Tests.Services;
using Botify.Protos.V1;
using Botify.Shared.Hosting;
using Botify.Shared.Models;

namespace Botify.Api.Tests.Telemetry;

/// <summary>A <c>Next</c> and the index search it causes are one trace: the API's call carries W3C traceparent.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class TracePropagationTests
{
    private const string HostingSource = "Microsoft.AspNetCore";

    [Test]
    public async Task Next_RealIndexInProcess_IndexServerActivitySharesTheTraceId()
    {
        using var folder = new TempFolder();
        var catalog = TestCatalogs.Write(folder, tracks: 500, tracksPerArtist: 10);
        var bundle = folder.File("bundle");
        RandomModelGenerator.Generate(tracks: 500, users: 50, dimension: 8, seed: 5).Save(bundle);
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == HostingSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var index = new IndexHost(LoopbackPort.Free(), bundle);
        await index.StartAsync();
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            .. ApiServer.Treatment(1, "T1", "Contextual", fatigue: false),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
        ]);

        await api.Client.NextAsync(new NextRequest { User = 7, Track = 3, Time = 0.9f });
        await api.StopAsync();
        await index.StopAsync();

        var next = stopped.Single(a => Method(a) == "/botify.v1.Recommender/Next");
        var search = stopped.Where(a => Method(a) == "/botify.v1.TrackIndex/Search").ToList();
        Assert.That(search, Is.Not.Empty, "the index served a search for the Next");
        Assert.That(search.Select(a => a.TraceId), Has.All.EqualTo(next.TraceId), "one trace from the API into the index");
        Assert.That(search.All(a => a.HasRemoteParent), Is.True, "the index took its parent from the request's traceparent header");
    }

    private static string? Method(Activity activity) => activity.GetTagItem("grpc.method") as string;
}
