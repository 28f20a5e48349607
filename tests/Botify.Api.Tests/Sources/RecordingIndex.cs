using Botify.Api.IndexClient;
using Botify.Api.Sources;

namespace Botify.Api.Tests.Sources;

/// <summary>An index search that records every query and answers from a script (default: track 99), under model <see cref="ModelVersion"/>.</summary>
internal sealed class RecordingIndex(Func<IndexQuery, CandidateResult>? answer = null) : IIndexSearch
{
    public List<IndexQuery> Queries { get; } = [];

    public string ModelVersion { get; set; } = string.Empty;

    public Task<string> ModelVersionAsync(CancellationToken cancellationToken) => Task.FromResult(ModelVersion);

    public ValueTask<CandidateResult> SearchAsync(IndexQuery query, CancellationToken cancellationToken)
    {
        Queries.Add(query with { Exclude = [.. query.Exclude] });
        return ValueTask.FromResult(answer?.Invoke(query) ?? new CandidateResult([new Candidate(99, 1f)]));
    }
}
