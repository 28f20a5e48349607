using Botify.Lab.Analysis;

namespace Botify.Lab.Tests.Analysis;

public sealed class SourceSharesTests
{
    [TestCase("fallback:top-pop", true, false)]
    [TestCase("session-less:fallback:random", true, false)]
    [TestCase("explore:random", false, true)]
    [TestCase("session-less:explore:random", false, true)]
    [TestCase("session", false, false)]
    [TestCase("session-less:contextual", false, false)]
    [TestCase(null, false, false)]
    public void IsFallbackAndIsExplore_SessionLessMark_KeepsTheServingPath(string? source, bool fallback, bool explore)
    {
        Assert.That(SourceShares.IsFallback(source), Is.EqualTo(fallback));
        Assert.That(SourceShares.IsExplore(source), Is.EqualTo(explore));
    }
}
