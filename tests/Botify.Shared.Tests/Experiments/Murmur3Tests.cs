using System.Text;
using Botify.Shared.Experiments;

namespace Botify.Shared.Tests.Experiments;

public sealed class Murmur3Tests
{
    // Published MurmurHash3_x86_32 vectors (SMHasher's reference implementation).
    [TestCase("", 0u, 0x00000000u)]
    [TestCase("", 1u, 0x514E28B7u)]
    [TestCase("", 0xFFFFFFFFu, 0x81F16F39u)]
    [TestCase("hello", 0u, 0x248BFA47u)]
    [TestCase("The quick brown fox jumps over the lazy dog", 0u, 0x2E4FF723u)]
    public void Hash32_PublishedVector_Matches(string text, uint seed, uint expected)
    {
        Assert.That(Murmur3.Hash32(text, seed), Is.EqualTo(expected));
        Assert.That(Murmur3.Hash32(Encoding.UTF8.GetBytes(text), seed), Is.EqualTo(expected));
    }

    [Test]
    public void Hash32_EveryTailLength_MatchesByteAndStringForms()
    {
        for (var length = 0; length < 12; length++)
        {
            var text = new string('x', length);
            Assert.That(Murmur3.Hash32(text, 7), Is.EqualTo(Murmur3.Hash32(Encoding.UTF8.GetBytes(text), 7)), $"length {length}");
        }
    }

    [Test]
    public void Hash32_LongNonAsciiText_UsesPooledBuffer()
    {
        var text = string.Concat(Enumerable.Repeat("Фёдор ", 100));
        Assert.That(Murmur3.Hash32(text), Is.EqualTo(Murmur3.Hash32(Encoding.UTF8.GetBytes(text))));
    }
}
