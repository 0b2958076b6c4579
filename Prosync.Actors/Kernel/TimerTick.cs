namespace Prosync.Actors.Kernel;

/// <summary>User message posted by a timer; delivered only if the timer's generation is still current.</summary>
internal sealed record TimerTick(object Key, int Generation);
