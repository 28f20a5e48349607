namespace Botify.Index.Tests;

public sealed class IndexOptionsTests
{
    [TestCase(1, 1)]
    [TestCase(2, 1)]
    [TestCase(8, 7)]
    public void EffectiveBuildThreads_Default_LeavesOneCoreForSearches(int processors, int expected) =>
        Assert.That(new IndexOptions().EffectiveBuildThreads(processors), Is.EqualTo(expected));

    [Test]
    public void EffectiveBuildThreads_Set_IsTakenAsItIs() =>
        Assert.That(new IndexOptions { BuildThreads = 4 }.EffectiveBuildThreads(2), Is.EqualTo(4));
}
