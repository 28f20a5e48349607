namespace Botify.Deploy.Tests.Containers;

/// <summary>The two service images: SDK only in the build stage, a non-root runtime, no HEALTHCHECK, read-only data.</summary>
[TestFixture("Botify.Api")]
[TestFixture("Botify.Index")]
public sealed class DockerfileTests(string project)
{
    private string[] Lines => File.ReadAllLines(Checkout.File(Path.Combine(project, "Dockerfile")))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    [Test]
    public void Dockerfile_Stages_BuildWithSdkAndRunOnAspNetRuntime()
    {
        var stages = Lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.That(stages, Has.Count.EqualTo(2));
        Assert.That(stages[0], Does.StartWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build"));
        Assert.That(stages[1], Does.StartWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0"));
        Assert.That(Lines, Has.Some.StartsWith("COPY --from=build"));
        Assert.That(Lines.Last(), Is.EqualTo($"ENTRYPOINT [\"dotnet\", \"{project}.dll\"]"));
    }

    [Test]
    public void Dockerfile_Runtime_IsNonRootWithoutHealthcheck()
    {
        var runtime = Lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)).ToList();
        var user = runtime.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));

        Assert.That(user, Is.EqualTo("USER $APP_UID"));
        Assert.That(Lines, Has.None.StartsWith("HEALTHCHECK"));
    }

    [Test]
    public void Dockerfile_Ports_AgreeWithKestrelEndpoints()
    {
        var settings = ServiceSettings.Of(project);

        Assert.That(Lines, Does.Contain($"EXPOSE {settings.Port("Grpc")} {settings.Port("Http")}"));
    }
}
