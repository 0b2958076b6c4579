namespace Prosync.Actors.Scheduling;

/// <summary>
/// A timed broadcast: every copy takes effect at <see cref="EffectAt"/>; <see cref="Sends"/> are
/// ordered by <see cref="PlannedSend.SendAt"/> (ties keep the input order). Times are on the
/// monotonic clock (see <see cref="FiringClock"/>).
/// </summary>
public sealed record SendPlan(TimeSpan EffectAt, IReadOnlyList<PlannedSend> Sends);
