using System.IO.Compression;

namespace Botify.Shared.Data;

/// <summary>Opens text files that may be gzip-compressed (by the <c>.gz</c> ending), naming the file on failure.</summary>
public static class TextFiles
{
    /// <summary>Opens <paramref name="path"/> for reading as UTF-8 text, decompressing <c>.gz</c> files.</summary>
    /// <exception cref="DataFileException">The file does not exist or cannot be opened.</exception>
    public static StreamReader OpenText(string path)
    {
        Stream stream = DataFiles.OpenRead(path);

        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>Opens <paramref name="path"/> for writing as UTF-8 text, compressing when it ends in <c>.gz</c>.</summary>
    public static StreamWriter CreateText(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        Stream stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionLevel.Fastest);
        }

        return new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16) { NewLine = "\n" };
    }
}
