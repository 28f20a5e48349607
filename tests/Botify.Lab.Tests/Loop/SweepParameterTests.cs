using Botify.Lab.Loop;

namespace Botify.Lab.Tests.Loop;

public sealed class SweepParameterTests
{
    [Test]
    public void Arms_TwoParameters_OneArmPerCombinationAfterTheSeminarControl()
    {
        var arms = SweepParameter.Arms([SweepParameter.Parse("fatigue.threshold=0.5,0.7"), SweepParameter.Parse("fatigue.tracksTimeout=10,30,50")]);

        Assert.That(arms, Has.Count.EqualTo(1 + 6));
        Assert.That(arms[0].Name, Is.EqualTo("C"));
        Assert.That(arms[0].Settings, Does.Not.ContainKey("Fatigue:Threshold"));
        Assert.That(arms.Skip(1).Select(a => a.Name), Is.EqualTo(new[] { "S1", "S2", "S3", "S4", "S5", "S6" }));
        Assert.That(arms[1].Settings["Recommender"], Is.EqualTo("ContextualUser"));
        Assert.That(arms[1].Settings["Fatigue:Threshold"], Is.EqualTo("0.5"));
        Assert.That(arms[1].Settings["Fatigue:TracksTimeout"], Is.EqualTo("10"));
        Assert.That(arms[6].Settings["Fatigue:Threshold"], Is.EqualTo("0.7"));
        Assert.That(arms[6].Settings["Fatigue:TracksTimeout"], Is.EqualTo("50"));
        Assert.That(arms[6].Settings["Fatigue:ArtistsTimeout"], Is.EqualTo("1"), "unswept settings keep the seed's values");
        Assert.That(arms[6].Description, Is.EqualTo("T3 with fatigue.threshold=0.7, fatigue.tracksTimeout=50"));
        Assert.That(arms.Select(a => a.Settings["Explore"]), Is.All.EqualTo(Arm.ModelExplore), "every arm keeps the model arms' exploration share");
    }

    [Test]
    public void Arms_ExploreSwept_OverridesTheDefaultShare()
    {
        var arms = SweepParameter.Arms([SweepParameter.Parse("explore=0,0.05")]);

        Assert.That(arms.Skip(1).Select(a => a.Settings["Explore"]), Is.EqualTo(new[] { "0", "0.05" }));
    }

    [TestCase("threshold", "must look like name=value1,value2")]
    [TestCase("fatigue.colour=1,2", "'fatigue.colour' is not a treatment setting")]
    [TestCase("k=", "has no values")]
    [TestCase("fatigue.threshold=0.5,high", "value 'high' is not a number")]
    public void Parse_BadText_SaysWhatIsWrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SweepParameter.Parse(text));

        Assert.That(error!.Message, Does.Contain(expected));
    }
}
