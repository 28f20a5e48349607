using Botify.Protos.V1;
using Grpc.Core;

namespace Botify.Sim.Tests.Remote;

/// <summary>A stand-in for Botify.Api: random tracks, treatment by listener parity, failures and delays on request.</summary>
internal sealed class FakeRecommenderService(FakeBehaviour behaviour) : Recommender.RecommenderBase
{
    public override async Task<NextReply> Next(NextRequest request, ServerCallContext context)
    {
        behaviour.Enter(request.User);
        try
        {
            var n = behaviour.CountNext();
            if (behaviour.Think > TimeSpan.Zero)
            {
                await Task.Delay(behaviour.Think, context.CancellationToken);
            }
            if (behaviour.FailEvery > 0 && n % behaviour.FailEvery == 0)
            {
                behaviour.CountFailed();
                throw new RpcException(new Status(StatusCode.Unavailable, "fake: unavailable"));
            }

            if (behaviour.DelayEvery > 0 && n % behaviour.DelayEvery == 0)
            {
                behaviour.CountDelayed();
                await Task.Delay(behaviour.Delay, CancellationToken.None);
            }

            var track = behaviour.BadTrackEvery > 0 && n % behaviour.BadTrackEvery == 0
                ? behaviour.TrackCount + 5
                : Random.Shared.Next(behaviour.TrackCount);
            return new NextReply { Track = track, Treatment = FakeBehaviour.TreatmentOf(request.User), Experiment = "FAKE", Source = "random" };
        }
        finally
        {
            behaviour.Leave(request.User);
        }
    }

    public override Task<LastReply> Last(LastRequest request, ServerCallContext context)
    {
        behaviour.CountLast();
        return Task.FromResult(new LastReply { Treatment = FakeBehaviour.TreatmentOf(request.User), Experiment = "FAKE" });
    }
}
