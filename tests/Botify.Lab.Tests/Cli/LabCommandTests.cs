namespace Botify.Lab.Tests.Cli;

public sealed class LabCommandTests
{
    [Test]
    public void Run_DaysBelowTwo_BadUsageExitTwoBeforeAnythingIsBuilt()
    {
        using var folder = new TempFolder();
        var runFolder = Path.Combine(folder.Path, "run");

        var exit = LabCommand.Run(["--days", "1", "--out", runFolder]);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(Directory.Exists(runFolder), Is.False, "no world, log or model was written");
    }
}
