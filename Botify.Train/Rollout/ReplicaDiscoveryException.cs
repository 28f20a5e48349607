namespace Botify.Train.Rollout;

/// <summary>The replicas behind a Service could not be found (exit code 1); the message names the Service.</summary>
internal sealed class ReplicaDiscoveryException(string message, Exception? inner = null) : Exception(message, inner);
