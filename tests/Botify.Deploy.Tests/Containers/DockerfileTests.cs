using System.Xml.Linq;

namespace Botify.Deploy.Tests.Containers;

/// <summary>
/// The images of the two services and the trainer: SDK only in the build stage, Ubuntu's chiseled ASP.NET runtime (no
/// shell, no package manager, no ICU) as the non-root app user, no HEALTHCHECK, read-only data; each builds from the
/// projects it references, all of them in the build context.
/// </summary>
[TestFixture("Botify.Api")]
[TestFixture("Botify.Index")]
[TestFixture("Botify.Train")]
public sealed class DockerfileTests(string project)
{
    private const string Runtime = "FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime";

    private string[] Lines => File.ReadAllLines(Checkout.File(Path.Combine(project, "Dockerfile")))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    private List<string> RuntimeStage => Lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)).ToList();

    [Test]
    public void Dockerfile_Stages_BuildWithSdkAndRunOnChiseledAspNetRuntime()
    {
        var stages = Lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.That(stages, Has.Count.EqualTo(2));
        Assert.That(stages[0], Does.StartWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build"));
        Assert.That(stages[1], Is.EqualTo(Runtime));
        Assert.That(Lines, Has.Some.StartsWith("COPY --from=build"));
        Assert.That(Lines.Last(), Is.EqualTo($"ENTRYPOINT [\"dotnet\", \"{project}.dll\"]"));
    }

    [Test]
    public void Dockerfile_Runtime_RunsNothingInTheChiseledImage()
    {
        // A chiseled image has no shell: a RUN (or a shell-form CMD/ENTRYPOINT) in its stage fails the build.
        Assert.That(RuntimeStage, Has.None.StartsWith("RUN "), "the runtime stage has no shell; make files in the build stage and COPY them");
        Assert.That(RuntimeStage.Where(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal) || l.StartsWith("CMD ", StringComparison.Ordinal)),
            Has.All.Contains("[\""), "exec form only: no /bin/sh to run the shell form");
    }

    [Test]
    public void Dockerfile_Runtime_IsNonRootWithoutHealthcheck()
    {
        var user = RuntimeStage.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));

        Assert.That(user, Is.EqualTo("USER $APP_UID"));
        Assert.That(Lines, Has.None.StartsWith("HEALTHCHECK"));
    }

    [Test]
    public void Dockerfile_Ports_AgreeWithKestrelEndpoints()
    {
        if (!File.Exists(Checkout.File(Path.Combine(project, "appsettings.json"))))
        {
            Assert.That(Lines, Has.None.StartsWith("EXPOSE"), $"{project} serves nothing (a job)");
            return;
        }

        var settings = ServiceSettings.Of(project);

        Assert.That(Lines, Does.Contain($"EXPOSE {settings.Port("Grpc")} {settings.Port("Http")}"));
    }

    [Test]
    public void Dockerfile_Restore_CopiesEveryProjectItReferencesFirst()
    {
        var restore = Array.FindIndex(Lines, l => l.StartsWith("RUN dotnet restore ", StringComparison.Ordinal));
        Assert.That(restore, Is.GreaterThan(0), "a restore layer");
        Assert.That(Lines[restore], Is.EqualTo($"RUN dotnet restore {project}/{project}.csproj"));
        var before = Lines[..restore];
        var after = Lines[restore..];

        foreach (var reference in References(project))
        {
            // The project files alone before the restore (its layer survives source edits), the sources after it.
            Assert.That(before, Does.Contain($"COPY {reference}/{reference}.csproj {reference}/"), $"{reference}'s project file before the restore");
            Assert.That(after, Does.Contain($"COPY {reference}/ {reference}/"), $"{reference}'s sources after the restore");
        }

        Assert.That(References(project), Does.Contain("Botify.Contracts"), "the .proto files (every image builds a gRPC client or server)");
    }

    [Test]
    public void Dockerfile_Build_CopiesTheRootFilesTheBuildReads()
    {
        // Regression: without .editorconfig the analyzers' default severities apply (CA1716 on Botify.Shared), and with
        // TreatWarningsAsErrors the image's build failed while the same build passed in the checkout.
        var copiedToRoot = Lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && l.EndsWith(" ./", StringComparison.Ordinal)).SelectMany(l => l.Split(' ')[1..^1]);

        Assert.That(copiedToRoot, Is.SupersetOf(new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" }));
    }

    [Test]
    public void BuildContext_DockerIgnore_SendsEveryFolderTheBuildCopies()
    {
        var ignored = File.ReadAllLines(Checkout.File(".dockerignore")).Select(l => l.Trim().TrimEnd('/')).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        var copied = Lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.StartsWith("COPY --from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ')[1..^1]).Select(source => source.Split('/')[0]).Distinct(StringComparer.Ordinal);

        Assert.That(copied, Has.None.AnyOf(ignored.ToArray()), ".dockerignore leaves out a folder the Dockerfile copies: the build fails on it");
    }

    /// <summary>The project and every project it references, directly or through another.</summary>
    private static List<string> References(string name)
    {
        var seen = new List<string>();
        var pending = new Stack<string>([name]);
        while (pending.TryPop(out var next))
        {
            if (seen.Contains(next))
            {
                continue;
            }

            seen.Add(next);
            var csproj = XDocument.Load(Checkout.File(Path.Combine(next, next + ".csproj")));
            foreach (var include in csproj.Descendants("ProjectReference").Select(e => (string)e.Attribute("Include")!))
            {
                pending.Push(Path.GetFileNameWithoutExtension(include.Replace('\\', '/')));
            }
        }

        return seen;
    }

    [Test]
    public void Build_Globalization_IsInvariant_AsTheChiseledImageHasNoIcu()
    {
        var props = XDocument.Load(Checkout.File("Directory.Build.props"));
        var invariant = props.Descendants("InvariantGlobalization").Select(e => e.Value.Trim()).ToList();

        Assert.That(invariant, Is.EqualTo(new[] { "true" }), "Directory.Build.props: InvariantGlobalization (the chiseled image has no libicu; without it the services fail at start)");
    }

    [Test]
    public void Dockerfile_WritableFolders_ExistOwnedByTheAppUser()
    {
        // The API's event log is its one writable folder. It must exist in the image owned by the app user: a Docker
        // volume mounted there (compose's events-1, events-2) starts as a copy of it, and the chiseled stage cannot
        // mkdir/chown it.
        if (project != "Botify.Api")
        {
            Assert.That(RuntimeStage, Has.None.Contains("EventLog__Folder"));
            return;
        }

        var folder = RuntimeStage.Select(l => l.Split("EventLog__Folder=", 2)).Where(p => p.Length == 2).Select(p => p[1].Split(' ')[0]).Single();
        Assert.That(RuntimeStage, Has.Some.Matches<string>(l => l.StartsWith("COPY --from=build --chown=$APP_UID:$APP_UID ", StringComparison.Ordinal) && l.EndsWith(" " + folder, StringComparison.Ordinal)),
            $"{folder} is copied in owned by $APP_UID");
    }
}
