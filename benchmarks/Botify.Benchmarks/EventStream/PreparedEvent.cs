namespace Botify.Benchmarks.EventStream;

/// <summary>An event ready to publish as the API's sink publishes it: its listener's partition subject, its JSON body and its unique id (the message id).</summary>
internal sealed record PreparedEvent(string Subject, byte[] Body, string Id, int Partition);
