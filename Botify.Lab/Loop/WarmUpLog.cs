using Botify.Shared.Events;

namespace Botify.Lab.Loop;

/// <summary>
/// Moves the warm-up's events out of a day's event log into a folder of their own, so neither the
/// night's training nor the day's analysis sees them. Warm-up listeners are the ids from the
/// world's listener count up (outside the world); lines are copied byte for byte.
/// </summary>
public static class WarmUpLog
{
    /// <summary>Splits every plain <c>.jsonl</c> file of <paramref name="dayFolder"/>; returns the lines kept and moved.</summary>
    public static (long Kept, long Moved) Separate(string dayFolder, string warmUpFolder, int firstWarmUpUser)
    {
        Directory.CreateDirectory(warmUpFolder);
        long kept = 0, moved = 0;
        foreach (var file in EventLogReader.Files(dayFolder).Where(f => f.EndsWith(".jsonl", StringComparison.Ordinal)))
        {
            var temporary = file + ".split";
            using (var reader = new StreamReader(file))
            using (var day = new StreamWriter(temporary) { NewLine = "\n" })
            using (var warmUp = new StreamWriter(Path.Combine(warmUpFolder, Path.GetFileName(file))) { NewLine = "\n" })
            {
                while (reader.ReadLine() is { } line)
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    if (EventJson.Parse(line).User >= firstWarmUpUser)
                    {
                        warmUp.WriteLine(line);
                        moved++;
                    }
                    else
                    {
                        day.WriteLine(line);
                        kept++;
                    }
                }
            }

            File.Move(temporary, file, overwrite: true);
        }

        return (kept, moved);
    }
}
