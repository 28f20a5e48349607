namespace Botify.Benchmarks.Faults;

/// <summary>
/// Where the built services are. Each project's own output folder is used, not this benchmark's: the
/// benchmark's folder holds both services' assemblies but only one appsettings.json (they share the name).
/// </summary>
internal sealed record ServiceBinaries(string ApiDll, string IndexDll)
{
    public static ServiceBinaries Find()
    {
        // This program runs from <repo>/benchmarks/Botify.Benchmarks/bin/<configuration>/<framework>/.
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = framework.Parent ?? throw new InvalidOperationException("unexpected output folder " + framework.FullName);
        var repository = configuration.Parent?.Parent?.Parent?.Parent
            ?? throw new InvalidOperationException("unexpected output folder " + framework.FullName);
        string Output(string project) => Path.Combine(repository.FullName, project, "bin", configuration.Name, framework.Name, project + ".dll");
        return Checked(Output("Botify.Api"), Output("Botify.Index"));
    }

    private static ServiceBinaries Checked(string api, string index)
    {
        foreach (var dll in new[] { api, index })
        {
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException($"{dll}: not built (build Botify.slnx in the same configuration as this benchmark)", dll);
            }
        }

        return new ServiceBinaries(api, index);
    }
}
