using Botify.Api.Serving;
using Botify.Api.Telemetry;
using Botify.Protos.V1;
using Grpc.Core;

namespace Botify.Api.Services;

/// <summary>The <c>botify.v1.Recommender</c> gRPC service.</summary>
internal sealed class RecommenderService(RecommendationService recommendations) : Recommender.RecommenderBase
{
    public override async Task<NextReply> Next(NextRequest request, ServerCallContext context)
    {
        try
        {
            var (recommendation, assignment) = await recommendations.NextAsync(ApiMethod.Next, request.User, request.Track, RecommendationService.HeardShare(request.Time), context.CancellationToken).ConfigureAwait(false);
            return new NextReply { Track = recommendation.Track, Treatment = assignment.Treatment, Experiment = assignment.Experiment, Source = recommendation.Source };
        }
        catch (ListenerRequestException e)
        {
            RpcErrors.From(e);
            throw;
        }
    }

    public override async Task<LastReply> Last(LastRequest request, ServerCallContext context)
    {
        try
        {
            var assignment = await recommendations.LastAsync(ApiMethod.Last, request.User, request.Track, RecommendationService.HeardShare(request.Time), context.CancellationToken).ConfigureAwait(false);
            return new LastReply { Treatment = assignment.Treatment, Experiment = assignment.Experiment };
        }
        catch (ListenerRequestException e)
        {
            RpcErrors.From(e);
            throw;
        }
    }

    public override Task<Track> GetTrack(GetTrackRequest request, ServerCallContext context)
    {
        try
        {
            var track = recommendations.GetTrack(ApiMethod.GetTrack, request.Track);
            var reply = new Track { Track_ = track.Track, Artist = track.Artist, Title = track.Title };
            reply.Genres.AddRange(track.Genres);
            return Task.FromResult(reply);
        }
        catch (ListenerRequestException e)
        {
            RpcErrors.From(e);
            throw;
        }
    }
}
