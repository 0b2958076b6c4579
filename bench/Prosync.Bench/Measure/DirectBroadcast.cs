namespace Prosync.Bench.Measure;

/// <summary>
/// The lab's floor: the bench itself writes each command to every room's MPD directly (no relay, no proxy),
/// back to back on pre-opened connections, then reads the replies. What is left of the skew is the rooms'
/// own reaction time on this machine, which no proxy can beat.
/// </summary>
public sealed class DirectBroadcast(IReadOnlyList<MpdClient> rooms) : ICommandChannel
{
    public MpdReply Send(string line)
    {
        var sent = rooms.Select(r => r.Write(line)).ToArray();
        var replies = rooms.Select((r, i) => r.ReadReply(sent[i])).ToArray();
        var failed = replies.FirstOrDefault(r => !r.IsOk);
        return new MpdReply(replies[0].Lines, failed?.Error, sent[0], replies.Max(r => r.ReceivedAt));
    }

    public void Dispose()
    {
        foreach (var room in rooms)
        {
            room.Dispose();
        }
    }
}
