using System.Globalization;
using Prosync.Bench.Lab;

namespace Prosync.Bench.Continuity;

/// <summary>One scripted step, at <paramref name="AtSeconds"/> after the rooms started: a command line through each arm's proxy, or "kill" (a room killed and restarted).</summary>
public sealed record ScriptStep(double AtSeconds, string Command, string What);

/// <summary>
/// The continuity script, the same for both arms: every 60–90 s (scaled down for short runs) one of next, seekcur to a
/// random point, pause then play 3 s later, previous, or a seek near the song's end (a song change by itself some
/// seconds later), in a seeded shuffled rotation; at half time one room of each arm is killed and restarted.
/// </summary>
public static class ContinuityScript
{
    public const int KilledRoom = 2;

    public static IReadOnlyList<ScriptStep> Make(double seconds, int seed)
    {
        var random = new Random(seed);
        var scale = Math.Min(1, seconds / 600);
        var kill = seconds / 2;
        var steps = new List<ScriptStep> { new(kill, "kill", $"kill -9 room{KilledRoom + 1}, restart") };
        var kinds = new List<string>();
        var t = (30 + (random.NextDouble() * 15)) * scale;
        while (t < seconds - (20 * scale))
        {
            if (Math.Abs(t - kill) >= 15 * scale && !(t < kill && t + 3 + (2 * scale) > kill - (5 * scale)))
            {
                if (kinds.Count == 0)
                {
                    kinds.AddRange(new[] { "next", "seekcur", "pause", "previous", "seekend" }.OrderBy(_ => random.Next()));
                }

                var kind = kinds[0];
                kinds.RemoveAt(0);
                switch (kind)
                {
                    case "seekcur":
                        var to = 30 + (random.NextDouble() * (BenchLibrary.TrackSeconds - 120));
                        steps.Add(new ScriptStep(t, $"seekcur {to.ToString("0.000", CultureInfo.InvariantCulture)}", $"seekcur {to:0} s"));
                        break;
                    case "seekend":
                        var before = Math.Max(4, 25 * scale);
                        steps.Add(new ScriptStep(t, $"seekcur {(BenchLibrary.TrackSeconds - before).ToString("0.000", CultureInfo.InvariantCulture)}",
                            $"seekcur to {before:0} s before the end (song change)"));
                        break;
                    case "pause":
                        steps.Add(new ScriptStep(t, "pause 1", "pause"));
                        steps.Add(new ScriptStep(t + 3, "pause 0", "play (3 s later)"));
                        break;
                    default:
                        steps.Add(new ScriptStep(t, kind, kind));
                        break;
                }
            }

            t += (60 + (random.NextDouble() * 30)) * scale;
        }

        return steps.OrderBy(s => s.AtSeconds).ToList();
    }
}
