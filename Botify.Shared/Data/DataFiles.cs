namespace Botify.Shared.Data;

/// <summary>Opens the files Botify reads, turning "missing" and "unreadable" into a <see cref="DataFileException"/> that names the file.</summary>
public static class DataFiles
{
    /// <summary>Opens <paramref name="path"/> for reading (shared, so a writer may still append).</summary>
    /// <exception cref="DataFileException">The file or its folder does not exist, or it cannot be opened.</exception>
    public static FileStream OpenRead(string path, int bufferSize = 1 << 16)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message, e);
        }
    }
}
