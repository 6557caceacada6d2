namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Background rejection at a signal-efficiency working point, as physicists quote it.
/// </summary>
/// <param name="SignalEfficiency">The requested signal efficiency eps_S (true positive rate).</param>
/// <param name="BackgroundEfficiency">eps_B, the false positive rate interpolated linearly in eps_S on the exact ROC curve.</param>
/// <param name="Rejection">1 / eps_B (positive infinity when eps_B is 0).</param>
/// <param name="RejectionError">
/// Statistical (binomial) error of the rejection: sigma_R = R * sqrt((1 - eps_B) / (eps_B * N_eff)), where
/// N_eff = (sum w)^2 / sum w^2 over the background sample (N for unit weights). It is the binomial error
/// sqrt(eps_B (1 - eps_B) / N_eff) on eps_B propagated through 1/eps_B; the uncertainty of the working point
/// itself (from the signal sample) is not included.
/// </param>
public sealed record RejectionPoint(double SignalEfficiency, double BackgroundEfficiency, double Rejection, double RejectionError);
