namespace Prosync.Host.Status;

/// <summary>What the rooms play (as the primary reports it).</summary>
/// <param name="State"><c>play</c>, <c>pause</c> or <c>stop</c>.</param>
public sealed record PlayerView(
    string State,
    string? File,
    string? Artist,
    string? Title,
    double ElapsedSeconds,
    double DurationSeconds,
    int Volume);
