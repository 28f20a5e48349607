using System.Globalization;
using Botify.Api.Core;
using Botify.Api.Telemetry;
using Botify.Protos.V1;
using Grpc.Core;

namespace Botify.Api.Grpc;

/// <summary>
/// The <c>botify.v1.Recommender</c> gRPC service. Its methods are bound by <see cref="Botify.Shared.Grpc.StrictRequestMethodProvider{TService}"/>
/// (a request that does not parse is INVALID_ARGUMENT, not UNKNOWN); it still derives from the generated base,
/// which gRPC reflection reads the service's description from.
/// </summary>
[BindServiceMethod(typeof(RecommenderService), nameof(BindService))]
internal sealed class RecommenderService(RecommendationService recommendations) : Recommender.RecommenderBase
{
    /// <summary>
    /// Binds nothing: Grpc.AspNetCore takes the bind method from the nearest <see cref="BindServiceMethodAttribute"/>,
    /// and the generated one would add a second endpoint per method beside <see cref="Botify.Shared.Grpc.StrictRequestMethodProvider{TService}"/>'s.
    /// </summary>
#pragma warning disable IDE0060 // The signature is the one Grpc.AspNetCore looks for.
    public static void BindService(ServiceBinderBase serviceBinder, RecommenderService? serviceImpl)
#pragma warning restore IDE0060
    {
    }

    public override async Task<NextReply> Next(NextRequest request, ServerCallContext context)
    {
        try
        {
            var (recommendation, assignment) = await recommendations.NextAsync(ApiMethod.Next, request.User, request.Track, Heard(request.Time), context.CancellationToken).ConfigureAwait(false);
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
            var assignment = await recommendations.LastAsync(ApiMethod.Last, request.User, request.Track, Heard(request.Time), context.CancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// <see cref="RecommendationService.HeardShare"/> for a share in 0..1; any other value (NaN, infinite,
    /// beyond the decimal's range of 7.9e28 where HeardShare overflowed) goes through unchanged, in the
    /// float's own digits, for the service's validation to refuse naming it.
    /// </summary>
    private static double Heard(float time) =>
        time is >= 0 and <= 1 ? RecommendationService.HeardShare(time) : double.Parse(time.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
