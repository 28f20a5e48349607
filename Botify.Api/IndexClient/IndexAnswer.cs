using Botify.Api.Sources;

namespace Botify.Api.IndexClient;

/// <summary>One search's answer from the index: the hits best first and the version of the model that found them.</summary>
/// <param name="Candidates">Hits, best first.</param>
/// <param name="ModelVersion">The answering model's version; empty when the index did not say (an older index).</param>
internal sealed record IndexAnswer(Candidate[] Candidates, string ModelVersion);
