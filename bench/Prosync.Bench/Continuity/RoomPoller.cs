using System.Diagnostics;
using System.Globalization;
using Prosync.Bench.Measure;

namespace Prosync.Bench.Continuity;

/// <summary>One <c>status</c> reading on a room's own connection; times in ms on the Stopwatch (CLOCK_MONOTONIC) line.</summary>
public readonly record struct PositionSample(double SentMs, double ReceivedMs, double ElapsedMs, char State, int Song)
{
    public double MidMs => (SentMs + ReceivedMs) / 2;

    public double RttMs => ReceivedMs - SentMs;

    /// <summary>elapsed − time: the position the room would report at time 0 (ms).</summary>
    public double OffsetMs => ElapsedMs - MidMs;
}

/// <summary>
/// Polls one room's <c>status</c> on a direct connection (not through relays or the proxy) and a thread of its own,
/// every 10–20 ms at random so the polls' phase dithers against MPD's ~23 ms elapsed steps (a fixed period beats
/// with them and the envelope swings by a whole step). Keeps every reading; reconnects while the room is down.
/// </summary>
public sealed class RoomPoller : IDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly List<PositionSample> _samples = new(100_000);
    private readonly Thread _thread;
    private readonly Random _random;
    private volatile bool _stop;

    public RoomPoller(string name, string host, int port, int seed)
    {
        Name = name;
        _host = host;
        _port = port;
        _random = new Random(seed);
        _thread = new Thread(Run) { IsBackground = true, Name = "poll-" + name };
        _thread.Start();
    }

    public string Name { get; }

    public static double NowMs() => Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;

    public PositionSample[] Samples()
    {
        lock (_samples)
        {
            return [.. _samples];
        }
    }

    private void Run()
    {
        while (!_stop)
        {
            try
            {
                using var client = MpdClient.Connect(_host, _port, TimeSpan.FromSeconds(2));
                while (!_stop)
                {
                    var reply = client.Send("status");
                    var state = reply.Get("state") switch { "play" => 'P', "pause" => 'Z', "stop" => 'S', _ => '?' };
                    var sample = new PositionSample(
                        reply.SentAt * 1000.0 / Stopwatch.Frequency,
                        reply.ReceivedAt * 1000.0 / Stopwatch.Frequency,
                        double.TryParse(reply.Get("elapsed"), NumberStyles.Float, CultureInfo.InvariantCulture, out var e) ? e * 1000 : double.NaN,
                        state,
                        int.TryParse(reply.Get("song"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var song) ? song : -1);
                    lock (_samples)
                    {
                        _samples.Add(sample);
                    }

                    Thread.Sleep(10 + _random.Next(11));
                }
            }
            catch (Exception) when (!_stop)
            {
                // the room is down (killed, restarting): try again shortly
                Thread.Sleep(50);
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
