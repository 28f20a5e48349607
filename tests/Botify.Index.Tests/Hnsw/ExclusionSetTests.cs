using Botify.Index.Hnsw;

namespace Botify.Index.Tests.Hnsw;

/// <summary>The reusable set of excluded ids the index service fills for each search.</summary>
public sealed class ExclusionSetTests
{
    [Test]
    public void Filter_RejectsExactlyTheAddedIds_CountingEachOnce()
    {
        var set = new ExclusionSet();
        set.Reset(1_000);

        foreach (var id in new[] { 0, 63, 64, 500, 999, 500 })
        {
            set.Add(id);
        }

        var filter = set.Filter;
        var rejected = Enumerable.Range(0, 1_000).Where(id => !filter.IsAllowed(id)).ToArray();
        Assert.That(rejected, Is.EqualTo(new[] { 0, 63, 64, 500, 999 }));
        Assert.That(filter.ExcludedCount, Is.EqualTo(5), "an id added twice is counted once");
    }

    [Test]
    public void Add_IdsOutsideTheGraph_AreIgnored()
    {
        var set = new ExclusionSet();
        set.Reset(100);

        set.Add(-1);
        set.Add(int.MinValue);
        set.Add(128);
        set.Add(int.MaxValue);

        Assert.That(set.Count, Is.Zero);
        Assert.That(Enumerable.Range(0, 100).All(set.Filter.IsAllowed), Is.True);
    }

    [Test]
    public void ClearAndReset_LeaveNothingOfThePreviousSearch()
    {
        var set = new ExclusionSet();
        set.Reset(100);
        set.Add(7);
        set.Add(70);

        set.Clear();
        var afterClear = Enumerable.Range(0, 100).All(set.Filter.IsAllowed);
        set.Add(9);
        set.Reset(5_000);
        set.Add(4_999);

        Assert.That(afterClear, Is.True);
        Assert.That(Enumerable.Range(0, 4_999).All(set.Filter.IsAllowed), Is.True, "a reset empties the set as it grows it");
        Assert.That(set.Filter.IsAllowed(4_999), Is.False);
        Assert.That(set.Count, Is.EqualTo(1));
    }
}
