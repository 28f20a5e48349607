using Botify.Shared.Statistics;
namespace Botify.Lab.Analysis;

/// <summary>
/// A treatment's effect on mean session time against control, in percent of control's mean, with
/// the Welch 95% interval: (m_T − m_C ± t₀.₉₇₅(ν)·sqrt(s²_T/n_T + s²_C/n_C)) / m_C · 100, ν by
/// Welch–Satterthwaite. Significant when the interval excludes 0.
/// </summary>
public sealed record Effect(double Percent, double Lower, double Upper, double DegreesOfFreedom)
{
    public bool Significant => Lower > 0 || Upper < 0;

    /// <summary>The effect of <paramref name="treatment"/> against <paramref name="control"/>; null when either has fewer than 2 listeners.</summary>
    public static Effect? Between(TreatmentStats treatment, TreatmentStats control)
    {
        ArgumentNullException.ThrowIfNull(treatment);
        ArgumentNullException.ThrowIfNull(control);
        if (treatment.Listeners < 2 || control.Listeners < 2 || control.Mean == 0)
        {
            return null;
        }

        var vt = treatment.Variance / treatment.Listeners;
        var vc = control.Variance / control.Listeners;
        var standardError = Math.Sqrt(vt + vc);
        var dof = standardError == 0
            ? treatment.Listeners + control.Listeners - 2
            : ((vt + vc) * (vt + vc)) / ((vt * vt / (treatment.Listeners - 1)) + (vc * vc / (control.Listeners - 1)));
        var halfWidth = StudentT.Quantile(0.975, dof) * standardError;
        var difference = treatment.Mean - control.Mean;
        return new Effect(
            difference / control.Mean * 100,
            (difference - halfWidth) / control.Mean * 100,
            (difference + halfWidth) / control.Mean * 100,
            dof);
    }
}
