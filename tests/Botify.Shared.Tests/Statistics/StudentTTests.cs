using Botify.Shared.Statistics;

namespace Botify.Shared.Tests.Statistics;

public sealed class StudentTTests
{
    // Reference values from statistical tables (scipy.stats.t.ppf(0.975, df)).
    [TestCase(1, 12.706205)]
    [TestCase(2, 4.302653)]
    [TestCase(10, 2.228139)]
    [TestCase(30, 2.042272)]
    [TestCase(100, 1.983972)]
    [TestCase(1000, 1.962339)]
    [TestCase(17, 2.109816)]
    [TestCase(18, 2.100922)]
    public void Quantile_0975_MatchesTables(double dof, double expected)
    {
        Assert.That(StudentT.Quantile(0.975, dof), Is.EqualTo(expected).Within(2e-5));
    }

    [Test]
    public void Quantile_FractionalDegreesOfFreedom_LiesBetweenItsNeighbours()
    {
        // Welch–Satterthwaite degrees of freedom are fractional.
        Assert.That(StudentT.Quantile(0.975, 17.5), Is.InRange(2.100922, 2.109816));
    }

    [Test]
    public void Cdf_IsSymmetricAndHalfAtZero()
    {
        Assert.That(StudentT.Cdf(0, 5), Is.EqualTo(0.5).Within(1e-12));
        Assert.That(StudentT.Cdf(-1.3, 7) + StudentT.Cdf(1.3, 7), Is.EqualTo(1).Within(1e-12));
    }
}
