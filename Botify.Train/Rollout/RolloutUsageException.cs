namespace Botify.Train.Rollout;

/// <summary>The roll-out's arguments are wrong (exit code 2); the message names the option and the value.</summary>
internal sealed class RolloutUsageException(string message) : Exception(message);
