using Botify.Protos.V1;
using Grpc.Core;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>The cheapest possible Recommender: answers every call at once. The ceiling a real service is compared with.</summary>
internal sealed class NoOpRecommender : Recommender.RecommenderBase
{
    private static readonly Task<LastReply> LastReplied = Task.FromResult(new LastReply { Treatment = "C", Experiment = "NOOP" });

    public override Task<NextReply> Next(NextRequest request, ServerCallContext context) =>
        Task.FromResult(new NextReply { Track = (request.Track + 1) % 50_000, Treatment = "C", Experiment = "NOOP", Source = "noop" });

    public override Task<LastReply> Last(LastRequest request, ServerCallContext context) => LastReplied;
}
