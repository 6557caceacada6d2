using System.Globalization;

namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Background rejection at a signal-efficiency working point, as physicists quote it. When no background passes at
/// that signal efficiency (eps_B = 0, or a net weight of at most 0 with negative Monte Carlo weights) the rejection has
/// no finite value and the point carries a lower limit instead (<see cref="RejectionLowerLimit"/>); <see cref="ToString"/>
/// states it either way.
/// </summary>
/// <param name="SignalEfficiency">The requested signal efficiency eps_S (true positive rate).</param>
/// <param name="BackgroundEfficiency">eps_B, the false positive rate interpolated linearly in eps_S on the exact ROC curve.</param>
/// <param name="Rejection">1 / eps_B; positive infinity when no background passes (then see <see cref="RejectionLowerLimit"/>).</param>
/// <param name="RejectionError">
/// Statistical (binomial) error of the rejection: sigma_R = R * sqrt((1 - eps_B) / (eps_B * N_eff)), where
/// N_eff = (sum w)^2 / sum w^2 over the background sample (N for unit weights). It is the binomial error
/// sqrt(eps_B (1 - eps_B) / N_eff) on eps_B propagated through 1/eps_B; the uncertainty of the working point
/// itself (from the signal sample) is not included. Positive infinity when no background passes.
/// </param>
public sealed record RejectionPoint(double SignalEfficiency, double BackgroundEfficiency, double Rejection, double RejectionError)
{
    /// <summary>
    /// When no background passes: the lower limit on 1/eps_B at <see cref="ConfidenceLevel"/>, 1 / u with u the one-sided
    /// Clopper-Pearson upper limit on eps_B for zero passing events out of N_eff, u = 1 - (1 - CL)^(1/N_eff) (about
    /// 3 / N_eff at 95% CL, the "rule of three"). Weighted samples use the effective number of background events
    /// N_eff = (sum w)^2 / sum w^2. Null when some background passes (then <see cref="Rejection"/> is finite).
    /// </summary>
    public double? RejectionLowerLimit { get; init; }

    /// <summary>Confidence level of <see cref="RejectionLowerLimit"/>, e.g. 0.95.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Whether the rejection is only bounded from below (no background passes).</summary>
    public bool IsLowerLimit => RejectionLowerLimit is not null;

    /// <summary>The rejection as text: "123.4" or, for a limit, "> 1234" (numbers in <paramref name="format"/>, invariant culture).</summary>
    /// <param name="format">Numeric format (default "G4").</param>
    public string RejectionText(string format = "G4") => RejectionLowerLimit is { } limit
        ? "> " + limit.ToString(format, CultureInfo.InvariantCulture)
        : Rejection.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>"1/eps_B = 123.4 ± 5.6 at eps_S = 0.3", or "1/eps_B > 1234 at 95% CL at eps_S = 0.3 (no background passes)".</summary>
    public override string ToString() => RejectionLowerLimit is { } limit
        ? string.Create(CultureInfo.InvariantCulture,
            $"1/eps_B > {limit:G4} at {ConfidenceLevel * 100:0.#}% CL at eps_S = {SignalEfficiency:G4} (no background passes)")
        : string.Create(CultureInfo.InvariantCulture, $"1/eps_B = {Rejection:G4} ± {RejectionError:G2} at eps_S = {SignalEfficiency:G4}");
}
