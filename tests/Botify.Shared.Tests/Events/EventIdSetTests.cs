using Botify.Shared.Events.Stream;

namespace Botify.Shared.Tests.Events;

public sealed class EventIdSetTests
{
    [Test]
    public void Add_TheApisIds_EachOnceAndAgainIsSeen()
    {
        var set = new EventIdSet();

        Assert.Multiple(() =>
        {
            Assert.That(set.Add("0123456789abcdef-1"), Is.True);
            Assert.That(set.Add("0123456789abcdef-2"), Is.True);
            Assert.That(set.Add("fedcba9876543210-1"), Is.True);
            Assert.That(set.Add("0123456789abcdef-ffffffffffffffff"), Is.True);
            Assert.That(set.Add("0123456789abcdef-1"), Is.False);
            Assert.That(set.Add("0123456789abcdef-ffffffffffffffff"), Is.False);
        });
    }

    [TestCase(1L)]
    [TestCase(0xabcL)]
    [TestCase(long.MaxValue)]
    public void Format_ThenTryUnpack_GivesTheNumbersBack(long sequence)
    {
        var instance = StreamEventId.NewInstance();
        Span<char> id = stackalloc char[StreamEventId.MaxLength];

        var text = new string(id[..StreamEventId.Format(instance, sequence, id)]);

        Assert.That(StreamEventId.TryUnpack(text, out var numbers), Is.True, text);
        Assert.That(numbers, Is.EqualTo((Convert.ToUInt64(instance, 16), (ulong)sequence)));
        Assert.That(text, Does.Match("^[0-9a-f]{16}-[1-9a-f][0-9a-f]*$"));
    }

    [TestCase("0123456789abcdef-01", "0123456789abcdef-1")]
    [TestCase("0123456789ABCDEF-1", "0123456789abcdef-1")]
    [TestCase("0123456789abcdef-A", "0123456789abcdef-a")]
    [TestCase("123456789abcdef-1", "0123456789abcdef-1")]
    [TestCase("0123456789abcdef-10000000000000001", "0123456789abcdef-1")]
    public void Add_SameNumberOtherSpelling_IsAnotherId(string other, string canonical)
    {
        var set = new EventIdSet();

        Assert.That(set.Add(canonical), Is.True);
        Assert.That(set.Add(other), Is.True, $"{other} is not {canonical}");
        Assert.That(set.Add(other), Is.False);
    }

    [TestCase("test-1")]
    [TestCase("0123456789abcdef-")]
    [TestCase("0123456789abcdef")]
    [TestCase("")]
    public void Add_AnyOtherId_KeptAsText(string id)
    {
        var set = new EventIdSet();

        Assert.That(set.Add(id), Is.True);
        Assert.That(set.Add(id), Is.False);
    }
}
