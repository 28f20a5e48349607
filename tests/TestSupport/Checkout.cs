namespace Botify.Tests.Support;

/// <summary>The repository the tests run from: found by walking up from the test binaries to Botify.slnx. Compiled into every test project.</summary>
internal static class Checkout
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string File(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "Botify.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Botify.slnx not found above {AppContext.BaseDirectory}");
    }
}
