namespace Botify.Sim.Cli;

/// <summary>Options that parse but do not make sense together; the CLI exits with 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
