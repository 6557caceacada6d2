using System.Globalization;
using System.Text;

namespace DeepLearning.Torch.Models;

/// <summary>Formats the Keras-style summary table of a <see cref="Model"/>.</summary>
internal static class ModelSummary
{
    public static string Format(Model model)
    {
        var infos = model.Layers;
        bool graph = IsGraph(model);
        var rows = infos.Select(info => new[]
        {
            $"{info.Id} ({info.Layer.TypeName})",
            info.OutputShape.ToBatchString(),
            info.Id.Contains('@') ? "(shared)" : Count(info.TrainableParameters + info.NonTrainableParameters),
            string.Join(", ", info.Inputs),
        }).ToList();
        string[] headers = ["Layer (type)", "Output Shape", "Param #", "Connected to"];
        int columns = graph ? 4 : 3;
        int[] widths = Enumerable.Range(0, columns).Select(c => Math.Max(headers[c].Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length)) + 3).ToArray();
        int total = widths.Sum() + 1;

        var text = new StringBuilder();
        text.Append("Model: \"").Append(model.Description.Name).AppendLine("\"");
        text.AppendLine(new string('_', total));
        text.AppendLine(Row(headers, widths, columns));
        text.AppendLine(new string('=', total));
        for (int i = 0; i < rows.Count; i++)
        {
            text.AppendLine(Row(rows[i], widths, columns));
            if (i < rows.Count - 1) text.AppendLine(new string('_', total));
        }
        text.AppendLine(new string('=', total));
        long trainable = model.TrainableParameterCount, frozen = model.NonTrainableParameterCount;
        text.Append("Total params: ").AppendLine(Count(trainable + frozen));
        text.Append("Trainable params: ").AppendLine(Count(trainable));
        text.Append("Non-trainable params: ").AppendLine(Count(frozen));
        text.Append(new string('_', total));
        return text.ToString();
    }

    private static bool IsGraph(Model model)
    {
        var d = model.Description;
        if (d.Inputs.Count != 1 || d.Outputs.Count != 1) return true;
        for (int i = 0; i < d.Nodes.Count; i++)
        {
            var inputs = d.Nodes[i].Inputs;
            if (i == 0 ? inputs.Count != 0 : inputs.Count != 1 || inputs[0] != d.Nodes[i - 1].Id) return true;
        }
        return false;
    }

    private static string Row(string[] cells, int[] widths, int columns)
    {
        var line = new StringBuilder(" ");
        for (int c = 0; c < columns; c++) line.Append(cells[c].PadRight(widths[c]));
        return line.ToString().TrimEnd();
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
