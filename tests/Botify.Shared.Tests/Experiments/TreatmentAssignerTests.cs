using Botify.Shared.Events;
using Botify.Shared.Experiments;

namespace Botify.Shared.Tests.Experiments;

public sealed class TreatmentAssignerTests
{
    [Test]
    public void Bucket_AllWithSevenTreatments_MatchesCourseVectors()
    {
        // mmh3.hash(str(user), seed=mmh3.hash("ALL")) read as unsigned, mod 7, for users 0..9,
        // computed from the algorithm (seed 0x76B3966A) by an independent implementation.
        int[] expected = [6, 5, 5, 4, 3, 2, 0, 4, 0, 1];
        var assigner = new TreatmentAssigner("ALL", TreatmentAssigner.CourseNames(7));

        Assert.That(assigner.Seed, Is.EqualTo(0x76B3966Au));
        Assert.That(Enumerable.Range(0, 10).Select(u => assigner.Bucket(u)), Is.EqualTo(expected));
    }

    [Test]
    public void CourseNames_Three_AreControlThenNumberedTreatments() =>
        Assert.That(TreatmentAssigner.CourseNames(3), Is.EqualTo(new[] { "C", "T1", "T2" }));

    [Test]
    public void Constructor_RepeatedTreatment_Throws() =>
        Assert.That(() => new TreatmentAssigner("X", ["C", "C"]), Throws.ArgumentException.With.Message.Contains("twice"));

    [Test]
    public void Assign_CourseAbLog_EveryEventMatchesTheCourseService()
    {
        var path = SharedData.File("course-made2022-ab-log.jsonl.gz");
        var assigners = new Dictionary<string, TreatmentAssigner>(StringComparer.Ordinal)
        {
            ["AA"] = new("AA", ["C", "T1"]),
            ["RECOMMENDERS"] = new("RECOMMENDERS", ["C", "T1"]),
        };

        var checkedLabels = 0;
        var mismatches = new List<string>();
        foreach (var item in EventLogReader.Read(path))
        {
            foreach (var (experiment, treatment) in item.Experiments)
            {
                checkedLabels++;
                var ours = assigners[experiment].Assign(item.User);
                if (ours != treatment && mismatches.Count < 5)
                {
                    mismatches.Add($"user {item.User} {experiment}: log {treatment}, ours {ours}");
                }
            }
        }

        Assert.That(checkedLabels, Is.EqualTo(2 * 14_539));
        Assert.That(mismatches, Is.Empty);
    }
}
