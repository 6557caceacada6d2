using DeepLearning.Torch.Training.LossFunctions;
using DeepLearning.Torch.Training.Metrics;

namespace DeepLearning.Torch.Training;

/// <summary>One model output as a step trains it: its name, loss, weight in the total loss and metrics.</summary>
/// <param name="Name">The output's name (a <see cref="Models.Model"/>'s output layer name; <c>output</c> for a plain module).</param>
/// <param name="Index">Position among the model's outputs, which is also the position of its labels in <see cref="Data.Batch.LabelTensors"/>.</param>
/// <param name="Loss">Its loss, or <c>null</c> when a custom step was given no loss for it.</param>
/// <param name="Weight">Weight of its loss in the total (<see cref="TrainerOptions.LossWeights"/>).</param>
/// <param name="Metrics">Its metrics.</param>
internal sealed record OutputHead(string Name, int Index, Loss? Loss, double Weight, Metric[] Metrics);
