using Botify.Api.Core;
using Botify.Shared.Hosting;

namespace Botify.Api.Tests.EndToEnd;

public sealed class StartupTests
{
    [Test]
    public async Task RunAsync_CatalogMissing_ExitsOneWithOneLineNamingTheFileWhatToPassAndWhatMakesOne()
    {
        using var folder = new TempFolder();
        var missing = folder.File("no-such-tracks.jsonl");
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = await ApiApp.RunAsync([
                $"--Api:CatalogPath={missing}",
                $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{LoopbackPort.Free()}",
                $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{LoopbackPort.Free()}",
                $"--EventLog:Folder={folder.File("events")}",
                "--Logging:LogLevel:Default=None",
                // A complete experiment on the command line: the test must not depend on which
                // appsettings.json (the API's or the index's) the build copied last into this folder.
                "--Experiment:Name=RECOMMENDERS",
                "--Experiment:Treatments:0:Name=C",
                "--Experiment:Treatments:0:Recommender=Random",
            ]);
        }
        finally
        {
            Console.SetError(original);
        }

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(lines, Has.Length.EqualTo(1));
        Assert.That(lines[0], Does.Contain(missing).And.Contain("--Api:CatalogPath=").And.Contain("dotnet run -c Release --project Botify.Lab"));
    }

    [TestCase(0.99f, 0.99)]
    [TestCase(0.7f, 0.7)]
    [TestCase(1f, 1.0)]
    public void HeardShare_Float_LoggedAsItsShortDecimal(float sent, double logged) =>
        Assert.That(RecommendationService.HeardShare(sent), Is.EqualTo(logged));
}
