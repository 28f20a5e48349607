using Botify.Api.Experiments;
using Botify.Api.Sources;

namespace Botify.Api.Tests.Experiments;

public sealed class ExperimentOptionsValidatorTests
{
    [Test]
    public void Validate_SessionTreatmentWithExploreInRange_Succeeds()
    {
        var options = Options(new TreatmentOptions { Name = "S", Recommender = RecommenderKind.Session, SessionSkipWeight = 1, Explore = 0.5 });

        var result = new ExperimentOptionsValidator().Validate(null, options);

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_Defaults_NoExplorationAndSkipWeightPointThree()
    {
        var treatment = new TreatmentOptions();

        Assert.That(treatment.Explore, Is.Zero);
        Assert.That(treatment.SessionSkipWeight, Is.EqualTo(0.3));
    }

    [TestCase(0.51, "Experiment:Treatments:1:Explore is 0.51; it must be a share in 0..0.5 (treatment 'T1')")]
    [TestCase(-0.1, "Experiment:Treatments:1:Explore is -0.1")]
    [TestCase(double.NaN, "Experiment:Treatments:1:Explore is NaN")]
    public void Validate_ExploreOutOfRange_FailsNamingTreatmentAndSetting(double explore, string message)
    {
        var options = Options(new TreatmentOptions { Name = "C" }, new TreatmentOptions { Name = "T1", Explore = explore });

        var result = new ExperimentOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures, Has.One.StartsWith(message));
    }

    [TestCase(1.5, "Experiment:Treatments:0:SessionSkipWeight is 1.5; it must be in 0..1 (treatment 'S')")]
    [TestCase(-0.01, "Experiment:Treatments:0:SessionSkipWeight is -0.01")]
    public void Validate_SessionSkipWeightOutOfRange_FailsNamingTreatmentAndSetting(double skipWeight, string message)
    {
        var options = Options(new TreatmentOptions { Name = "S", Recommender = RecommenderKind.Session, SessionSkipWeight = skipWeight });

        var result = new ExperimentOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures, Has.One.StartsWith(message));
    }

    private static ExperimentOptions Options(params TreatmentOptions[] treatments) => new() { Name = "E", Treatments = [.. treatments] };
}
