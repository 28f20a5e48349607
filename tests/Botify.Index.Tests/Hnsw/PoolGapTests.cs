using Botify.Index.Hnsw;

namespace Botify.Index.Tests.Hnsw;

/// <summary>
/// A search's pool opens a gap for each new node by moving its tail one element right, in 64-byte
/// vectors with the first block read before any store; every element must land one place right,
/// whatever the overlap of the stores.
/// </summary>
[Category("SimdPaths")]
public sealed class PoolGapTests
{
    [Test]
    public void OpenGap_MovesEveryElementFromThePlaceOneRight_ForFourByteDistances()
    {
        for (var count = 0; count <= 70; count++)
        {
            for (var place = 0; place <= count; place++)
            {
                var array = Enumerable.Range(0, 90).Select(i => (float)i).ToArray();
                HnswGraph.OpenGap(array, place, count);
                for (var i = 0; i < place; i++)
                {
                    Assert.That(array[i], Is.EqualTo(i), $"count {count}, place {place}: before the place nothing moves");
                }

                for (var i = place; i < count; i++)
                {
                    Assert.That(array[i + 1], Is.EqualTo(i), $"count {count}, place {place}: element {i} moves one right");
                }

                for (var i = count + 1; i < array.Length; i++)
                {
                    Assert.That(array[i], Is.EqualTo(i), $"count {count}, place {place}: past the pool nothing is written");
                }
            }
        }
    }

    [Test]
    public void OpenGap_MovesEveryEntryFromThePlaceOneRight_ForEightByteEntries()
    {
        for (var count = 0; count <= 40; count++)
        {
            for (var place = 0; place <= count; place++)
            {
                var array = Enumerable.Range(0, 50).Select(i => new PoolEntry(i, allowed: i % 3 != 0) { Expanded = i % 2 == 0 }).ToArray();
                var before = (PoolEntry[])array.Clone();
                HnswGraph.OpenGap(array, place, count);
                Assert.That(array.Take(place), Is.EqualTo(before.Take(place)), $"count {count}, place {place}");
                Assert.That(array.Skip(place + 1).Take(count - place), Is.EqualTo(before.Skip(place).Take(count - place)), $"count {count}, place {place}");
                Assert.That(array.Skip(count + 1), Is.EqualTo(before.Skip(count + 1)), $"count {count}, place {place}");
            }
        }
    }

    [Test]
    public void OpenGap_WithNoRoomPastTheCount_Throws()
    {
        var full = new float[16];
        Assert.That(() => HnswGraph.OpenGap(full, 3, 16), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
