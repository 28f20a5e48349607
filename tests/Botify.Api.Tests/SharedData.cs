namespace Botify.Api.Tests;

/// <summary>The course's real files in <c>/work/shared/data</c> (or <c>BOTIFY_SHARED_DATA</c>); tests that need them are ignored, saying why, when absent.</summary>
internal static class SharedData
{
    public static string Folder => Environment.GetEnvironmentVariable("BOTIFY_SHARED_DATA") ?? FindUp();

    public static string RequireFile(string name)
    {
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path))
        {
            Assert.Ignore($"the course's file {name} is not at {path}; set BOTIFY_SHARED_DATA to the folder holding it to run this compatibility test");
        }

        return path;
    }

    private static string FindUp()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return "/work/shared/data";
    }
}
