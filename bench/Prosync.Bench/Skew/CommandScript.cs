using System.Globalization;
using Prosync.Bench.Measure;

namespace Prosync.Bench.Skew;

/// <summary>
/// The command mix: a repeating cycle pause 1, setvol, pause 0, repeat, setvol, single — every command changes
/// state, so every one produces an idle event — and, when asked, one decoder-bound command (seekcur, next,
/// seekcur, previous, …) right after each resume, while playing. <c>single</c> stands in for <c>random</c>:
/// with random on, <c>next</c> would pick a different song in each room (each MPD shuffles with its own RNG).
/// </summary>
public sealed class CommandScript
{
    private readonly Random _random;
    private readonly bool _decoder;
    private int _cycle;
    private int _decoderTurn;
    private bool _decoderDue;
    private int _volume;
    private bool _repeat;
    private bool _single;
    private int _song;

    /// <param name="status">The room's status when the script starts (it must be playing).</param>
    public CommandScript(int seed, bool decoderBound, MpdReply status)
    {
        _random = new Random(seed);
        _decoder = decoderBound;
        _volume = ParseInt(status.Get("volume"), 60);
        _repeat = status.Get("repeat") == "1";
        _single = status.Get("single") == "1";
        _song = ParseInt(status.Get("song"), 0);
    }

    public ScriptedCommand Next()
    {
        if (_decoderDue)
        {
            _decoderDue = false;
            return DecoderCommand();
        }

        var step = _cycle++ % 6;
        switch (step)
        {
            case 0:
                return new ScriptedCommand("pause 1", "pause", Change.Player, false);
            case 2:
                _decoderDue = _decoder;
                return new ScriptedCommand("pause 0", "resume", Change.Player, false);
            case 3:
                _repeat = !_repeat;
                return new ScriptedCommand($"repeat {(_repeat ? 1 : 0)}", "repeat", Change.Options, false);
            case 5:
                _single = !_single;
                return new ScriptedCommand($"single {(_single ? 1 : 0)}", "single", Change.Options, false);
            default:
                int volume;
                do
                {
                    volume = _random.Next(30, 91);
                }
                while (volume == _volume);
                _volume = volume;
                return new ScriptedCommand($"setvol {volume}", "setvol", Change.Mixer, false);
        }
    }

    private ScriptedCommand DecoderCommand()
    {
        if (_decoderTurn++ % 2 == 0)
        {
            var seconds = 20 + (_random.NextDouble() * 580);
            return new ScriptedCommand($"seekcur {seconds.ToString("0.0", CultureInfo.InvariantCulture)}", "seekcur", Change.Player, true);
        }

        // Stay within songs 0 and 1 of the three, so next never runs off the end of the queue.
        if (_song == 0)
        {
            _song = 1;
            return new ScriptedCommand("next", "next", Change.Player, true);
        }

        _song = 0;
        return new ScriptedCommand("previous", "previous", Change.Player, true);
    }

    private static int ParseInt(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
