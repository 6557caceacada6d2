using System.Globalization;
using DeepLearning.Examples;
using DeepLearning.Examples.Regression;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using ScottPlot;
using static TorchSharp.torch;

return ExampleCommand.Run("regression", "Regression: fit measured values with known (correlated) noise by a chi-square loss with a covariance matrix, and check chi2/ndf.", ["chisquare", "function"], args, Run);

static int Run(ExampleArguments arguments)
{
    // chisquare: two correlated values, Losses.ChiSquare(V); function: the lecture's 1D fit, mean squared error.
    int d = arguments.Model == "chisquare" ? 2 : 1;
    string[] names = d == 2 ? ["y1", "y2"] : ["y"];
    // Model: a 3-layer network x -> 64 -> 64 -> D.
    using var model = new Sequential($"regression_{arguments.Model}", InitPreset.Keras)
    {
        new Input(1), new Dense(64, Activation.Tanh), new Dense(64, Activation.Tanh), new Dense(d),
    }.Build(arguments.Seed);
    if (arguments.SummaryOnly) return ExampleCommand.PrintSummary(model);
    ExampleCommand.CheckOnnxExport(model, arguments);   // refuses a model ONNX cannot express before training
    using var scope = NewDisposeScope();   // frees every tensor below when the run ends

    // Data: the documented toy (ToyMeasurements): x in [-3, 3], y = f(x) + noise with covariance V; an independent test set.
    var run = new RunReport(arguments.Out, $"Regression with known noise ({arguments.Model})");
    int count = arguments.Limit ?? 4000;
    var train = ToyMeasurements.Generate(count, d, arguments.Seed);
    var test = ToyMeasurements.Generate(Math.Max(count / 4, 100), d, arguments.Seed + 1_000_003);
    string data = string.Create(CultureInfo.InvariantCulture,
        $"ToyMeasurements: {count:N0} training and {test.X.shape[0]:N0} test samples, x ~ U[-3, 3], D = {d}, noise covariance V = {Format(train.Covariance)}");
    Console.WriteLine($"Data: {data}");
    using var trainSet = new TensorDataset(train.X, train.Y);

    // Options: the chi-square r^T V^-1 r with the noise covariance (or the MSE for the function fit), Adam, the rate
    // halved when the validation loss stalls, early stopping with the best weights restored.
    using var chiSquare = Losses.ChiSquare(train.Covariance);
    var early = new EarlyStopping { Patience = 20, RestoreBestWeights = true };
    var trainer = new Trainer(new TrainerOptions
    {
        Epochs = arguments.Epochs ?? 200,
        BatchSize = arguments.BatchSize ?? 64,
        Seed = arguments.Seed,
        ValidationSplit = 0.2,
        Device = arguments.Device,
        Loss = d == 2 ? chiSquare : Losses.MeanSquaredError(),
        Optimizer = Optimizers.Adam(3e-3),
        Schedule = Schedules.ReduceOnPlateau(factor: 0.5, patience: 8),
        Callbacks = { early, new ModelCheckpoint(run.PathOf("best.ckpt")) { SaveBestOnly = true } },
        Verbose = arguments.Quiet ? Verbosity.EpochLines : Verbosity.Auto,
    });
    History history = trainer.Fit(model, trainSet, resumeFrom: arguments.Resume);
    ExampleCommand.ExportOnnx(model, arguments);   // the best epoch's weights, restored by early stopping

    // chi2/ndf on the test set: sum_i r_i^T V^-1 r_i over N samples, ndf = N x D (the test set is independent of the
    // fit). With the true function it is 1 +- sqrt(2 / ndf); a good fit comes close to the truth's value.
    var predicted = trainer.Predict(model, test.X);
    double chi2 = chiSquare.PerSample(predicted.to_type(ScalarType.Float64), test.Y.to_type(ScalarType.Float64)).sum().item<double>();
    double chi2Truth = chiSquare.PerSample(test.Truth.to_type(ScalarType.Float64), test.Y.to_type(ScalarType.Float64)).sum().item<double>();
    long ndf = test.Y.numel();
    var m = run.Writer.Metrics;
    (m["chi2"], m["ndf"], m["chi2_ndf"], m["chi2_ndf_truth"], m["chi2_ndf_spread"]) = (chi2, ndf, chi2 / ndf, chi2Truth / ndf, Math.Sqrt(2.0 / ndf));
    m["model"] = arguments.Model;
    string fit = string.Create(CultureInfo.InvariantCulture,
        $"Test chi2/ndf = {chi2:F1}/{ndf} = {chi2 / ndf:F3} (the true function: {chi2Truth / ndf:F3}; expected 1 +- {Math.Sqrt(2.0 / ndf):F3})");
    Console.WriteLine(fit);

    // Figures: the fit against x with the truth, then per value predicted against measured with the residuals.
    for (int k = 0; k < d; k++)
    {
        run.Writer.AddFigure($"fit_{names[k]}", FitPlot(test, model, trainer, k, names[k]), $"Test measurements of {names[k]}, the true function and the network's fit");
        var display = RegressionDisplay.From(predicted.select(1, k), test.Y.select(1, k));
        display.Quantity = names[k];
        run.Writer.AddFigure($"regression_{names[k]}", display.Figure(), $"Predicted against measured {names[k]} on the test set, and the residuals");
        run.Writer.AddFigure($"residuals_{names[k]}", display.ResidualHistogram(), $"Residuals (prediction - measurement) of {names[k]}; the noise has sigma = {Math.Sqrt(test.Covariance[k, k]):G3}");
        m[$"rmse_{names[k]}"] = display.Rmse;
    }
    run.Writer.AddSection("Chi-square", fit + ".");
    string report = run.Write(new RunResult { Model = model, History = history, Data = data, BestEpoch = early.BestEpoch > 0 ? early.BestEpoch : null });
    return ExampleCommand.PrintResult(run, history, report);
}

// Measured points, the true f(x) and the network's curve for value k.
static Plot FitPlot(ToyMeasurements test, Model model, Trainer trainer, int k, string name)
{
    var plot = HouseStyle.CreatePlot("x", name);
    var x = test.X.select(1, 0).data<float>().Select(v => (double)v).ToArray();
    var points = plot.Add.ScatterPoints(x, test.Y.select(1, k).contiguous().data<float>().Select(v => (double)v).ToArray(), HouseStyle.SeriesColor(0).WithAlpha(0.35));
    points.LegendText = $"test measurements ({x.Length})";
    points.MarkerSize = 4;
    using var grid = linspace(ToyMeasurements.XMin, ToyMeasurements.XMax, 301).unsqueeze(1);
    var gx = grid.select(1, 0).data<float>().Select(v => (double)v).ToArray();
    var truth = plot.Add.ScatterLine(gx, ToyMeasurements.TruthOf(grid, test.Y.shape[1] == 2 ? 2 : 1).select(1, k).contiguous().data<float>().Select(v => (double)v).ToArray(), HouseStyle.SeriesColor(2));
    truth.LegendText = "true f(x)";
    truth.LineWidth = HouseStyle.LineWidth;
    truth.LinePattern = LinePattern.Dashed;
    var curve = plot.Add.ScatterLine(gx, trainer.Predict(model, grid).select(1, k).contiguous().data<float>().Select(v => (double)v).ToArray(), HouseStyle.SeriesColor(1));
    curve.LegendText = "network";
    curve.LineWidth = HouseStyle.LineWidth;
    HouseStyle.ShowLegend(plot, Alignment.UpperLeft);
    return plot;
}

static string Format(double[,] v) => "[" + string.Join("; ", Enumerable.Range(0, v.GetLength(0)).Select(i =>
    string.Join(", ", Enumerable.Range(0, v.GetLength(1)).Select(j => v[i, j].ToString("G3", CultureInfo.InvariantCulture))))) + "]";
