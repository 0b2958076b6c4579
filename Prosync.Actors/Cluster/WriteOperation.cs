using Akka.Actor;
using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>One state-changing command on its way through the cluster, and the replies gathered so far.</summary>
internal sealed class WriteOperation(long tag, ClientRequest request, IActorRef replyTo)
{
    public enum Phase { Queued, ResolvingIds, ReadingNextSong, Probing, Holding, RunningOnPrimary, ReadingPrimaryOrder, Applying }

    public long Tag { get; } = tag;
    public ClientRequest Request { get; set; } = request;
    public IActorRef ReplyTo { get; } = replyTo;
    public Phase Step { get; set; } = Phase.Queued;
    public string Primary { get; set; } = "";
    public List<string> Targets { get; } = [];
    public HashSet<string> Awaiting { get; } = [];
    public Dictionary<string, MpdResponse> Responses { get; } = [];

    /// <summary>Pre-send probe round in progress (its tag) and the probes back so far.</summary>
    public long ProbeTag { get; set; }
    public Dictionary<string, ProbeResult> Probes { get; } = [];

    /// <summary>When the first pre-send probe round began (a <see cref="TimeProvider"/> timestamp; 0: not probed).</summary>
    public long ProbingSince { get; set; }

    /// <summary>The holds so far (the probe rounds' own waits not counted): what the broadcast log shows as held.</summary>
    public TimeSpan HeldSoFar { get; set; }

    /// <summary>The log of a timed broadcast (plan, lateness of each write, effects).</summary>
    public ClusterActor.BroadcastLog? Log { get; set; }

    /// <summary>The primary's answer if it gave one, else any server's; what the client sees.</summary>
    public MpdResponse Answer =>
        Responses.TryGetValue(Primary, out var primary) ? primary
        : Responses.Values.FirstOrDefault()
          ?? MpdResponse.Fail(new MpdError(AckCode.System, 0, Request.Request.Command, "no MPD server answered"));

    /// <summary>Servers whose outcome (OK or ACK) differs from the answer's: their state no longer matches.</summary>
    public IEnumerable<string> Divergent =>
        Responses.Where(r => r.Value.IsOk != Answer.IsOk).Select(r => r.Key);
}
