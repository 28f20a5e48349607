namespace Botify.Tests.Support;

/// <summary>
/// The course's real files in <c>shared/data</c> beside the checkout (found by walking up from the
/// tests' folder, or named by <c>BOTIFY_SHARED_DATA</c>). A test that needs one is ignored, saying
/// why, where the folder is absent; the product never needs them. Compiled into every test project.
/// </summary>
internal static class SharedData
{
    public static string File(string name)
    {
        var folder = Environment.GetEnvironmentVariable("BOTIFY_SHARED_DATA") ?? FindUp();
        var path = folder is null ? null : Path.Combine(folder, name);
        if (path is null || !System.IO.File.Exists(path))
        {
            Assert.Ignore($"the course's file shared/data/{name} was not found (no shared/data folder above the tests, and BOTIFY_SHARED_DATA unset): this compatibility test is skipped");
        }

        return path!;
    }

    private static string? FindUp()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
