using Botify.Shared.Grpc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Botify.Shared.Tests.Grpc;

public sealed class MalformedRequestLogTests
{
    [Test]
    public void Refused_ManyWithinInterval_OneLineThenTheSuppressedCount()
    {
        var log = new CapturedLog();
        var time = new FakeTimeProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(log));
        var malformed = new MalformedRequestLog(factory.CreateLogger<MalformedRequestLog>(), time);

        for (var i = 0; i < 50; i++)
        {
            malformed.Refused("Next", "bad");
        }

        time.Advance(MalformedRequestLog.Interval - TimeSpan.FromMilliseconds(1));
        malformed.Refused("Next", "bad");
        time.Advance(TimeSpan.FromMilliseconds(1));
        malformed.Refused("Last", "worse");

        var lines = log.Entries.Select(e => e.Message).ToList();
        Assert.That(lines, Has.Count.EqualTo(2));
        Assert.That(lines[0], Does.Contain("Next: bad").And.Contain("0 more refused"));
        Assert.That(lines[1], Does.Contain("Last: worse").And.Contain("50 more refused"));
        Assert.That(log.Entries.Select(e => e.Level), Is.All.EqualTo(LogLevel.Warning));
    }
}
