using System.Globalization;
using Botify.Shared.Data;

namespace Botify.Api.Memory;

/// <summary>The memory store's file of forgotten listeners: a line <c>user unix-ms</c> each, appended on every forget call.</summary>
internal static class ForgottenFile
{
    /// <exception cref="DataFileException">A line is not two integers (the message names the file and line).</exception>
    public static IEnumerable<(int User, long AtMs)> Read(string path)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var at))
            {
                throw new DataFileException(path, string.Create(CultureInfo.InvariantCulture, $"line {number}: expected 'user unix-ms', found '{line}'"));
            }

            yield return (user, at);
        }
    }
}
