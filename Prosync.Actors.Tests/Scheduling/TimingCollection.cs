namespace Prosync.Actors.Tests.Scheduling;

/// <summary>Timing tests run alone, after the parallel ones, so other tests do not steal the CPU.</summary>
[CollectionDefinition(nameof(TimingCollection), DisableParallelization = true)]
public sealed class TimingCollection;
