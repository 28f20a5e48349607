using Botify.Api.Sources;

namespace Botify.Api.IndexClient;

/// <summary>
/// One query's result in a <c>SearchBatch</c> reply, as <see cref="SearchBatchReplyReader"/> reads it.
/// </summary>
/// <param name="Status">0, or the gRPC status code the query failed with.</param>
/// <param name="Message">The failure's message; empty on success.</param>
/// <param name="Candidates">The hits best first; empty unless <paramref name="Tracks"/> equals <paramref name="Scores"/>.</param>
/// <param name="Tracks">Track ids the result held.</param>
/// <param name="Scores">Scores the result held (as many as tracks in a well-formed reply).</param>
/// <param name="ModelVersion">Version of the model that answered the batch (the reply's <c>model_version</c>); empty when absent.</param>
internal readonly record struct SearchBatchAnswer(int Status, string Message, Candidate[] Candidates, int Tracks, int Scores, string ModelVersion = "");
