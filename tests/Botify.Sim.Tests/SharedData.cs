namespace Botify.Sim.Tests;

/// <summary>
/// The course's real files in <c>../shared/data</c> beside the checkout. Tests that read them are
/// ignored, with the reason printed, where the folder is absent; the product never needs them.
/// </summary>
internal static class SharedData
{
    public static string File(string name)
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", name);
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }

            directory = directory.Parent;
        }

        Assert.Ignore($"shared/data/{name} was not found in any folder above the tests: the course's data folder is absent here, so this compatibility test is skipped");
        return string.Empty;
    }
}
