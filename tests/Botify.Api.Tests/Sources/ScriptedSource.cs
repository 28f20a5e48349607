using Botify.Api.Sources;

namespace Botify.Api.Tests.Sources;

/// <summary>A candidate source that answers from a script and records every request.</summary>
internal sealed class ScriptedSource(Func<CandidateRequest, CandidateResult> answer) : ICandidateSource
{
    public List<CandidateRequest> Requests { get; } = [];

    public string Name => "scripted";

    public ValueTask<CandidateResult> GetAsync(CandidateRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request with { Exclude = [.. request.Exclude] });
        return ValueTask.FromResult(answer(request));
    }

    public static CandidateResult Tracks(params int[] tracks) => new([.. tracks.Select((t, i) => new Candidate(t, 1f - (i * 0.01f)))]);
}
