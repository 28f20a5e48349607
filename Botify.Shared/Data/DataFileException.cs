namespace Botify.Shared.Data;

/// <summary>
/// A file Botify reads is missing, truncated or malformed. The message names the file and the fault
/// (and the line, for line-oriented formats), so it can be printed as the single line a tool exits with.
/// </summary>
public sealed class DataFileException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> with a description of the fault.</summary>
    public DataFileException(string path, string fault, Exception? inner = null)
        : base($"{path}: {fault}", inner)
    {
        FilePath = path;
        Fault = fault;
    }

    /// <summary>The file that was wrong.</summary>
    public string FilePath { get; }

    /// <summary>What was wrong with it, without the path.</summary>
    public string Fault { get; }
}
