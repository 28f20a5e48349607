namespace Botify.Benchmarks.EventStream;

/// <summary>One stream benchmark run, as its command line gives it (see <c>stream --help</c>).</summary>
/// <param name="Events">Events published, stored by the sink, read and trained on.</param>
/// <param name="UnbatchedEvents">Events of the one-publish-at-a-time rows (batch 1), which are slow.</param>
/// <param name="SinkRate">Events per second of the paced sink row (an API's rate: the pump finds small batches); it runs 5 s.</param>
/// <param name="Tracks">Tracks in the generated catalog.</param>
/// <param name="Dimension">Embedding dimension of the training rows.</param>
/// <param name="Epochs">Epochs of the training rows.</param>
/// <param name="Output">Where to write the JSON results; null for none.</param>
internal sealed record StreamRunSettings(int Events, int UnbatchedEvents, int SinkRate, int Tracks, int Dimension, int Epochs, FileInfo? Output);
