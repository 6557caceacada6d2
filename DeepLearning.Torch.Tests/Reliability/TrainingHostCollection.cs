using Xunit;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>The tests that run the training host share one reference run.</summary>
[CollectionDefinition(Name)]
public sealed class TrainingHostCollection : ICollectionFixture<HostReference>
{
    internal const string Name = "TrainingHost";
}
