using System.Globalization;
using System.Text;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Plotting;

namespace DeepLearning.Examples.TopTagging;

/// <summary>Overlays the ROC and rejection curves of every model trained into the same output folder.</summary>
public static class ModelComparison
{
    /// <summary>"41.2 ± 3.1", or the lower limit "> 334.3 (95% CL)" where no background passes.</summary>
    private static string Cell(RejectionPoint p) => p.IsLowerLimit
        ? string.Create(CultureInfo.InvariantCulture, $"{p.RejectionText("F1")} ({p.ConfidenceLevel * 100:0.#}% CL)")
        : string.Create(CultureInfo.InvariantCulture, $"{p.Rejection:F1} ± {p.RejectionError:F1}");

    /// <summary>
    /// Reads <c>&lt;root&gt;/&lt;model&gt;/scores.csv</c> for each model present and writes the overlaid figures and a
    /// report into <paramref name="root"/>; returns the report path, or an empty string when fewer than two models are there.
    /// </summary>
    public static string Write(string root, IEnumerable<string> models)
    {
        var present = models.Where(m => File.Exists(Path.Combine(root, m, "scores.csv"))).ToList();
        if (present.Count < 2) return "";
        var rocDisplay = new RocDisplay();
        var rejection = new RejectionDisplay();
        var rows = new StringBuilder("| model | AUC | 1/eps_B at eps_S = 0.3 | 1/eps_B at eps_S = 0.5 |\n|---|---|---|---|\n");
        var writer = new ReportWriter(root, new ReportWriterOptions { Title = "Top tagging: model comparison" });
        foreach (string model in present)
        {
            var table = ScoreTable.ReadCsv(Path.Combine(root, model, "scores.csv"));
            var roc = RocCurve.Compute(table.SelectLabels(train: false), table.Column(0, train: false));
            rocDisplay.Add(roc, model);
            rejection.Add(roc, model);
            var r3 = roc.RejectionAt(0.3);
            var r5 = roc.RejectionAt(0.5);
            rows.Append(CultureInfo.InvariantCulture,
                $"| [{model}]({model}/report.md) | {roc.Auc():F4} | {Cell(r3)} | {Cell(r5)} |\n");
            writer.Metrics[$"auc_{model}"] = roc.Auc();
        }
        writer.AddFigure("roc_models", rocDisplay.Plot(), "ROC curves of the models");
        writer.AddFigure("rejection_models", rejection.Figure(), "Background rejection of the models (ratio to the first)");
        writer.AddSection("Models", rows.ToString());
        return writer.Write();
    }
}
