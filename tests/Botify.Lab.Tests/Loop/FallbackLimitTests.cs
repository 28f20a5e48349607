using Botify.Lab.Analysis;
using Botify.Lab.Loop;

namespace Botify.Lab.Tests.Loop;

public sealed class FallbackLimitTests
{
    private static TreatmentRow Row(string treatment, double? fallback) =>
        new(new TreatmentStats(treatment, 100, 300, 3.0, 1.0, 7.0, 1.0, 5.0)
        {
            Sources = fallback is { } f ? new SourceShares(1_000, f, f * 3, 0.02) : null,
        }, null);

    private static DayReport Day(int day, params TreatmentRow[] rows) => new(day, day + 1, rows, WarmedUp: true, WarmUp: "warm");

    [Test]
    public void Check_ModelArmsUnderTheLimitOnEveryDay_NoBreachExitZero()
    {
        DayReport[] days = [Day(2, Row("C", 0.0), Row("T4", 0.01), Row("R", 0.0)), Day(3, Row("C", 0.002), Row("T4", 0.0), Row("R", 0.0))];

        var breaches = FallbackLimit.Check(days, Arm.Standard, 0.01);

        Assert.That(breaches, Is.Empty, "exactly at the limit is within it");
        Assert.That(FallbackLimit.ExitCode(breaches), Is.Zero);
    }

    [Test]
    public void Check_ModelArmOverTheLimitOnOneDay_BreachNamesArmDayAndShareExitOne()
    {
        DayReport[] days = [Day(2, Row("C", 0.0), Row("T5", 0.0)), Day(3, Row("C", 0.0), Row("T5", 0.0234))];

        var breaches = FallbackLimit.Check(days, Arm.Standard, 0.01);

        Assert.That(breaches, Is.EqualTo(new[] { new FallbackBreach("T5", 3, 0.0234, 0.01) }));
        Assert.That(breaches[0].ToString(), Does.Contain("arm T5").And.Contain("day 3").And.Contain("2.34"));
        Assert.That(FallbackLimit.ExitCode(breaches), Is.EqualTo(1));
    }

    [Test]
    public void Check_ReferenceArmsAndListenerVectorArms_OnlyModelArmsAreHeldToTheLimit()
    {
        // Random and TopPop are not model arms; T3 (Contextual + listener vector) is one.
        Arm[] arms = [.. Arm.Standard, .. Arm.ListenerVector, Arm.StickyArtist];
        DayReport[] days = [Day(2, Row("C", 0.0), Row("R", 0.5), Row("P", 0.5), Row("S", 0.5), Row("T3", 0.2))];

        var breaches = FallbackLimit.Check(days, arms, 0.01);

        Assert.That(breaches.Select(b => b.Arm), Is.EqualTo(new[] { "T3" }));
    }

    [Test]
    public void Check_NoSources_NoBreach()
    {
        var breaches = FallbackLimit.Check([Day(2, Row("C", null))], Arm.Standard, 0.01);

        Assert.That(breaches, Is.Empty);
    }
}
