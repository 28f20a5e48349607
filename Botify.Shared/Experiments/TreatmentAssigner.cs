using System.Globalization;

namespace Botify.Shared.Experiments;

/// <summary>
/// Puts listeners into the treatments of one experiment, as DESIGN.md says and as the course's
/// service does: <c>murmur3_x86_32(utf8(user as decimal), seed = murmur3_x86_32(utf8(name), 0))</c>
/// read as unsigned, modulo the number of treatments. The same listener always gets the same
/// treatment, on every replica and in every later analysis of the log.
/// </summary>
public sealed class TreatmentAssigner
{
    private readonly string[] _treatments;

    /// <summary>Creates the assigner of experiment <paramref name="name"/> with treatments in bucket order.</summary>
    /// <param name="name">Experiment name, hashed (UTF-8) into the seed.</param>
    /// <param name="treatments">Treatment names; bucket i is treatment i (the course names them C, T1, T2, ...).</param>
    /// <exception cref="ArgumentException">The name is empty, there are no treatments, or a name repeats.</exception>
    public TreatmentAssigner(string name, IReadOnlyList<string> treatments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(treatments);
        if (treatments.Count == 0)
        {
            throw new ArgumentException($"experiment '{name}' has no treatments", nameof(treatments));
        }

        if (treatments.Distinct(StringComparer.Ordinal).Count() != treatments.Count)
        {
            throw new ArgumentException($"experiment '{name}' names a treatment twice", nameof(treatments));
        }

        Name = name;
        Seed = Murmur3.Hash32(name);
        _treatments = [.. treatments];
    }

    /// <summary>The experiment's name.</summary>
    public string Name { get; }

    /// <summary>The murmur3 seed derived from the name.</summary>
    public uint Seed { get; }

    /// <summary>Treatment names in bucket order.</summary>
    public IReadOnlyList<string> Treatments => _treatments;

    /// <summary>Default treatment names for <paramref name="count"/> treatments, as the course names them: C, T1, T2, ...</summary>
    public static IReadOnlyList<string> CourseNames(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var names = new string[count];
        names[0] = "C";
        for (var i = 1; i < count; i++)
        {
            names[i] = string.Create(CultureInfo.InvariantCulture, $"T{i}");
        }

        return names;
    }

    /// <summary>The bucket (0-based treatment index) of <paramref name="user"/>.</summary>
    public int Bucket(long user)
    {
        Span<char> digits = stackalloc char[24];
        user.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
        Span<byte> bytes = stackalloc byte[24];
        for (var i = 0; i < written; i++)
        {
            bytes[i] = (byte)digits[i];
        }

        return (int)(Murmur3.Hash32(bytes[..written], Seed) % (uint)_treatments.Length);
    }

    /// <summary>The treatment name of <paramref name="user"/>.</summary>
    public string Assign(long user) => _treatments[Bucket(user)];
}
