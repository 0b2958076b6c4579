namespace Prosync.Bench.Measure;

/// <summary>Change events of all rooms, in arrival order; the command loop drains it before each command.</summary>
public sealed class EffectLog
{
    private readonly object _gate = new();
    private readonly List<EffectEvent> _events = [];

    public void Add(EffectEvent e)
    {
        lock (_gate)
        {
            _events.Add(e);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Removes and returns everything logged so far.</summary>
    public List<EffectEvent> Drain()
    {
        lock (_gate)
        {
            var all = _events.ToList();
            _events.Clear();
            return all;
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds for the events logged so far, or the deadline passes; returns them (not removed).</summary>
    public List<EffectEvent> WaitUntil(Func<IReadOnlyList<EffectEvent>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (!done(_events))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                Monitor.Wait(_gate, left);
            }

            return _events.ToList();
        }
    }
}
