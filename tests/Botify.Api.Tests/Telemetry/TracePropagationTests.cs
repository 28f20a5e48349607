using System.Collections.Concurrent;
using System.Diagnostics;
using Botify.Api.Tests.EndToEnd;
using Botify.Protos.V1;
using Botify.Shared.Hosting;
using Botify.Shared.Models;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace Botify.Api.Tests.Telemetry;

/// <summary>
/// A <c>Next</c> and the index search it causes are one OpenTelemetry trace: the API's <c>Next</c> span is an
/// ancestor of the index's <c>Search</c> span, linked through the gRPC client span and W3C traceparent.
/// Both hosts export their spans to one in-memory list (a span processor registered before the service, the
/// hook that turns tracing on without an OTLP collector).
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class TracePropagationTests
{
    [Test]
    public async Task Next_RealIndexInProcess_IndexSearchSpanDescendsFromTheApisNextSpan()
    {
        using var folder = new TempFolder();
        var catalog = TestCatalogs.Write(folder, tracks: 500, tracksPerArtist: 10);
        var bundle = folder.File("bundle");
        RandomModelGenerator.Generate(tracks: 500, users: 50, dimension: 8, seed: 5).Save(bundle);
        var exported = new ConcurrentQueue<Activity>();
        void Export(WebApplicationBuilder builder) =>
            builder.Services.AddSingleton<BaseProcessor<Activity>>(new SimpleActivityExportProcessor(new QueueExporter(exported)));
        await using var index = new IndexHost(LoopbackPort.Free(), bundle, Export);
        await index.StartAsync();
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, Export, [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            .. ApiServer.Treatment(1, "T1", "Contextual", fatigue: false),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
        ]);

        var reply = await api.Client.NextAsync(new NextRequest { User = 7, Track = 3, Time = 0.9f });
        (await api.Http.GetAsync("/metrics")).EnsureSuccessStatusCode();
        await api.StopAsync();
        await index.StopAsync();

        // Server spans of the shared Microsoft.AspNetCore source reach both hosts' exporters: one of each is enough.
        var spans = exported.DistinctBy(s => s.SpanId).ToDictionary(s => s.SpanId);
        var exportedNames = string.Join(", ", spans.Values.Select(Describe));
        Assert.That(reply.Source, Is.EqualTo("contextual"), "the index answered");
        var next = spans.Values.SingleOrDefault(s => s.Source.Name == "Botify.Api" && s.OperationName == "Next");
        Assert.That(next, Is.Not.Null, $"one Botify.Api 'Next' span; exported: {exportedNames}");
        // The index answers the API's search through Search, or SearchBatch when the client coalesces searches.
        var search = spans.Values.SingleOrDefault(s => s.Source.Name == "Botify.Index" && s.OperationName is "Search" or "SearchBatch");
        Assert.That(search, Is.Not.Null, $"one Botify.Index 'Search' (or 'SearchBatch') span; exported: {exportedNames}");
        Assert.That(next!.GetTagItem("botify.treatment"), Is.EqualTo(reply.Treatment));
        Assert.That(next.GetTagItem("botify.source"), Is.EqualTo("contextual"));
        Assert.That(search!.GetTagItem("botify.model_version"), Is.Not.Null, "the index tags what answered");
        Assert.That(search.TraceId, Is.EqualTo(next.TraceId), "one trace from the API into the index");

        var chain = new List<Activity>();
        for (var span = search; span.ParentSpanId != default && spans.TryGetValue(span.ParentSpanId, out var parent); span = parent)
        {
            chain.Add(parent);
        }

        Assert.That(chain, Does.Contain(next), $"Next is an ancestor of Search; Search's exported ancestors: {string.Join(" <- ", chain.Select(Describe))}");
        var indexServer = chain.First(s => s.Kind == ActivityKind.Server);
        Assert.That(indexServer.HasRemoteParent, Is.True, "the index's server span took its parent from the request's traceparent header");
        Assert.That(spans[indexServer.ParentSpanId].Kind, Is.EqualTo(ActivityKind.Client), "its parent is the API's gRPC client span, exported too");
        Assert.That(spans.Values.Select(s => s.DisplayName), Has.None.Contains("/metrics"), "scrapes are not traced");
    }

    [Test]
    public async Task SearchBatch_QueriesOfSeveralTraces_EachGetsASearchSpanInItsOwnTrace()
    {
        // A batch carries one traceparent header, so the client puts each query's caller in the query and the
        // index starts that query's Search span there: every Next's trace still reaches into the index.
        using var folder = new TempFolder();
        var bundle = folder.File("bundle");
        RandomModelGenerator.Generate(tracks: 500, users: 50, dimension: 8, seed: 5).Save(bundle);
        var exported = new ConcurrentQueue<Activity>();
        await using var index = new IndexHost(LoopbackPort.Free(), bundle, builder =>
            builder.Services.AddSingleton<BaseProcessor<Activity>>(new SimpleActivityExportProcessor(new QueueExporter(exported))));
        await index.StartAsync();
        using var channel = GrpcChannel.ForAddress(index.Address);
        var client = new TrackIndex.TrackIndexClient(channel);
        var callers = Enumerable.Range(0, 3).Select(_ => new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded)).ToArray();
        var batch = new SearchBatchRequest();
        foreach (var (caller, i) in callers.Select((c, i) => (c, i)))
        {
            batch.Queries.Add(new SearchRequest { ContextTrack = i, K = 5, Traceparent = $"00-{caller.TraceId}-{caller.SpanId}-01" });
        }

        batch.Queries.Add(new SearchRequest { ContextTrack = 9, K = 5 });
        batch.Queries.Add(new SearchRequest { ContextTrack = 100_000, K = 5, Traceparent = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01" });

        var reply = await client.SearchBatchAsync(batch);
        await index.StopAsync();

        Assert.That(reply.Results.Select(r => r.Status), Is.EqualTo(new[] { 0, 0, 0, 0, (int)StatusCode.NotFound }));
        var searches = exported.DistinctBy(s => s.SpanId).Where(s => s.Source.Name == "Botify.Index" && s.OperationName == "Search").ToList();
        var batchSpan = exported.Single(s => s.Source.Name == "Botify.Index" && s.OperationName == "SearchBatch");
        Assert.That(searches, Has.Count.EqualTo(4), "one Search span per query that named its trace, the refused one included");
        foreach (var caller in callers)
        {
            var search = searches.SingleOrDefault(s => s.TraceId == caller.TraceId);
            Assert.That(search, Is.Not.Null, $"a Search span in trace {caller.TraceId}");
            Assert.That(search!.ParentSpanId, Is.EqualTo(caller.SpanId), "parented on the caller's span");
            Assert.That(search.Links.Select(l => l.Context.SpanId), Does.Contain(batchSpan.SpanId), "linked to the batch that carried it");
            Assert.That(search.GetTagItem("botify.visited"), Is.Not.Null);
        }

        Assert.That(searches.Count(s => s.Status == ActivityStatusCode.Error), Is.EqualTo(1), "the unknown track's span says it failed");
    }

    private static string Describe(Activity span) => $"{span.Source.Name}:{span.DisplayName} ({span.Kind})";

    /// <summary>
    /// Collects both hosts' finished spans in one thread-safe queue (OpenTelemetry's in-memory exporter fills an
    /// <see cref="ICollection{T}"/>, which two hosts exporting at once would race on).
    /// </summary>
    private sealed class QueueExporter(ConcurrentQueue<Activity> spans) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch)
            {
                spans.Enqueue(span);
            }

            return ExportResult.Success;
        }
    }
}
