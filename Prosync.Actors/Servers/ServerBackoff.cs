using Akka.Actor;
using Akka.Configuration;
using Akka.Pattern;

namespace Prosync.Actors.Servers;

/// <summary>
/// How a lost room is restarted (<c>prosync.server-backoff</c> in akka.hocon): a <see cref="BackoffSupervisor"/>
/// starts a fresh <see cref="ServerActor"/> (which stops when its server is lost) after <see cref="Min"/>, doubling up to <see cref="Max"/>, with up to
/// <see cref="RandomFactor"/> of jitter; the count starts again after <see cref="ResetAfter"/> without a failure.
/// </summary>
public sealed record ServerBackoff(TimeSpan Min, TimeSpan Max, double RandomFactor, TimeSpan ResetAfter)
{
    public const string ConfigPath = "prosync.server-backoff";

    /// <summary>Reads <see cref="ConfigPath"/>; a missing or out-of-range value is an error that names the key.</summary>
    public static ServerBackoff FromConfig(Config config)
    {
        var section = config.GetConfig(ConfigPath)
            ?? throw new ConfigurationException($"{ConfigPath} is missing from the actor system's settings");
        var backoff = new ServerBackoff(Duration(section, "min"), Duration(section, "max"),
            section.GetDouble("random-factor", double.NaN), Duration(section, "reset-after"));
        if (backoff.Max < backoff.Min) throw new ConfigurationException($"{ConfigPath}.max is below min");
        if (!(backoff.RandomFactor is >= 0 and <= 1)) throw new ConfigurationException($"{ConfigPath}.random-factor must be within 0 to 1");
        return backoff;
    }

    /// <summary>A supervisor that runs <paramref name="child"/> (named <paramref name="childName"/>) and restarts it with this backoff.</summary>
    public Props Supervise(Props child, string childName) => BackoffSupervisor.Props(
        // On stop: a room that loses its server stops itself (and says why in one line); a failure would have the
        // supervisor log an error with a stack trace for what is an expected event.
        Backoff.OnStop(child, childName, Min, Max, RandomFactor, maxNrOfRetries: -1).WithAutoReset(ResetAfter));

    private static TimeSpan Duration(Config section, string key)
    {
        var value = section.GetTimeSpan(key, TimeSpan.MinValue);
        return value > TimeSpan.Zero ? value : throw new ConfigurationException($"{ConfigPath}.{key} must be a positive duration");
    }
}
