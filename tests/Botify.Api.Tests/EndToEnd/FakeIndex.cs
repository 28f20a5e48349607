using System.Collections.Concurrent;
using Botify.Protos.V1;
using Botify.Shared.Hosting;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>
/// A scripted index on a loopback port: answers Search and each query of SearchBatch with
/// <see cref="Answer"/> and records every query, so a test sees the context and exclusions the API sent.
/// </summary>
internal sealed class FakeIndex : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeIndex(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<SearchRequest> Requests { get; } = new();

    /// <summary>False: SearchBatch answers UNIMPLEMENTED, as an index older than it would.</summary>
    public bool SupportsBatch { get; set; } = true;

    /// <summary>The number of queries of every SearchBatch call, in arrival order.</summary>
    public ConcurrentQueue<int> Batches { get; } = new();

    /// <summary>The reply to a search; throw an <see cref="RpcException"/> to fail it. Default: the k tracks after the context, minus exclude.</summary>
    public Func<SearchRequest, IEnumerable<int>> Answer { get; set; } = Following;

    public static IEnumerable<int> Following(SearchRequest request) =>
        Enumerable.Range(request.ContextTrack + 1, request.K + request.Exclude.Count).Where(t => !request.Exclude.Contains(t)).Take(request.K);

    public static async Task<FakeIndex> StartAsync()
    {
        var port = LoopbackPort.Free();
        var builder = WebApplication.CreateBuilder();
        // The test folder holds the API's appsettings.json, whose Kestrel endpoints would win over UseUrls.
        ServiceHost.WithoutSettingsFiles(builder);

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2));
        builder.Services.AddGrpc();
        FakeIndex? self = null;
        builder.Services.AddSingleton(_ => self!);
        var app = builder.Build();
        app.MapGrpcService<Service>();
        self = new FakeIndex(app, port);
        await app.StartAsync();
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Service(FakeIndex index) : TrackIndex.TrackIndexBase
    {
        public override Task<SearchReply> Search(SearchRequest request, ServerCallContext context)
        {
            index.Requests.Enqueue(request);
            var reply = new SearchReply { ModelVersion = "fake" };
            var score = 1f;
            foreach (var track in index.Answer(request))
            {
                reply.Hits.Add(new SearchHit { Track = track, Score = score });
                score -= 0.01f;
            }

            return Task.FromResult(reply);
        }

        public override Task<SearchBatchReply> SearchBatch(SearchBatchRequest request, ServerCallContext context)
        {
            if (!index.SupportsBatch)
            {
                throw new RpcException(new Status(StatusCode.Unimplemented, "SearchBatch is not served by this index"));
            }

            index.Batches.Enqueue(request.Queries.Count);
            var reply = new SearchBatchReply { ModelVersion = "fake" };
            foreach (var query in request.Queries)
            {
                index.Requests.Enqueue(query);
                var result = new SearchBatchResult();
                try
                {
                    var score = 1f;
                    foreach (var track in index.Answer(query))
                    {
                        result.Tracks.Add(track);
                        result.Scores.Add(score);
                        score -= 0.01f;
                    }
                }
                catch (RpcException e)
                {
                    result.Tracks.Clear();
                    result.Scores.Clear();
                    result.Status = (int)e.StatusCode;
                    result.Message = e.Status.Detail;
                }

                reply.Results.Add(result);
            }

            return Task.FromResult(reply);
        }
    }
}
