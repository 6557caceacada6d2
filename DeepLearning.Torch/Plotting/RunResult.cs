using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using TorchSharp;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// What one training run produced, for <see cref="RunReport.Write"/>: the model, its training history and, for a
/// classifier, its outputs on the test samples (optionally also on training samples, for the overtraining check). A
/// run that is not a classifier (a regression, a GAN) leaves the scores out and adds its own figures and metrics to
/// <see cref="RunReport.Writer"/>. The tensors are read, never disposed or changed.
/// </summary>
public sealed class RunResult
{
    /// <summary>The trained model (its summary and parameter count go into the report).</summary>
    public required Model Model { get; init; }

    /// <summary>The history returned by <c>Trainer.Fit</c>.</summary>
    public required History History { get; init; }

    /// <summary>
    /// The model's scores on the test samples: for a binary classifier one probability of class 1 per sample, shape
    /// (N) or (N, 1) (apply the sigmoid to logits first); for K classes the class probabilities, shape (N, K).
    /// <value>Default null: no classifier evaluation (no <c>scores.csv</c>, ROC or confusion figures); then
    /// <see cref="TestLabels"/>, <see cref="TrainScores"/> and <see cref="TrainLabels"/> must be null too.</value>
    /// </summary>
    public torch.Tensor? TestScores { get; init; }

    /// <summary>True class index of each test sample, shape (N) (or (N, 1)), an integer tensor; required with <see cref="TestScores"/>.</summary>
    public torch.Tensor? TestLabels { get; init; }

    /// <summary>Scores of training samples, as <see cref="TestScores"/>, for the score-distribution overtraining check; or <see langword="null"/>.</summary>
    public torch.Tensor? TrainScores { get; init; }

    /// <summary>Labels of the samples in <see cref="TrainScores"/>; required with it.</summary>
    public torch.Tensor? TrainLabels { get; init; }

    /// <summary>Class names by index of multi-class scores, for legends, the confusion matrix and the scores.csv header; <see langword="null"/> for the indices. Binary reports call the classes background and signal.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>What the data were (e.g. <c>TopTaggingFiles.Description</c>), for the report; <see langword="null"/> to leave it out.</summary>
    public string? Data { get; init; }

    /// <summary>The epoch whose weights were evaluated (1-based, e.g. <c>EarlyStopping.BestEpoch</c>), marked in the history plot; <see langword="null"/> for none.</summary>
    public int? BestEpoch { get; init; }
}
