using Akka.Actor;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// Reads go to a room chosen by the read policy (<see cref="ReplicaSelector"/>): the closest one, kept per
/// session; all of them, first answer wins; or a fixed one. Reads that carry per-server ids go to the primary.
/// </summary>
public sealed partial class ClusterActor
{
    /// <summary>Per session, the room its last read went to (stickiness).</summary>
    private readonly Dictionary<IActorRef, string> _readFrom = [];

    /// <summary>Races in progress, by the cluster's tag.</summary>
    private readonly Dictionary<long, RaceRead> _races = [];

    private void RouteRead(ClientRequest request)
    {
        if (_primary is not { } primary)
        {
            Sender.Tell(NoServer(request));
            return;
        }
        if (ArtRoom(request) is { } art)
        {
            _servers[art].Actor.Tell(new Execute(request.Id, request.Request, request.Info, request.Session, Sender));
            return;
        }
        var candidates = InSync.Select(s => new ReplicaCandidate(s.Endpoint.Name,
            s.Latency?.Estimate is { HasValue: true } e ? e.RttMs : double.NaN)).ToList();
        var rooms = ReplicaSelector.Choose(_options.ReadPolicy, request.Info.FromPrimary, primary, candidates,
            _readFrom.GetValueOrDefault(Sender), _options.ReadServer);
        if (rooms.Count == 1)
        {
            if (!request.Info.FromPrimary) _readFrom[Sender] = rooms[0];
            _servers[rooms[0]].Actor.Tell(new Execute(request.Id, request.Request, request.Info, request.Session, Sender));
            return;
        }
        var tag = ++_nextTag;
        _races[tag] = new RaceRead(request.Id, Sender, rooms.Count);
        foreach (var room in rooms)
            _servers[room].Actor.Tell(new Execute(tag, request.Request, request.Info, request.Session, Self));
    }

    /// <summary>Album art comes from the in-sync room with the best measured throughput; null when none is measured.</summary>
    private string? ArtRoom(ClientRequest request)
    {
        if (_options.ArtReplicas is not { } chooser || request.Info.Name is not ("albumart" or "readpicture")) return null;
        var rooms = InSync.Select(s => s.Endpoint.Name).ToList();
        if (rooms.Count == 0) return null;
        var best = chooser.Rank(rooms, Library.ReplicaOptimization.Throughput)[0];
        return chooser.IsMeasured(best, Library.ReplicaOptimization.Throughput) ? best : null;
    }

    /// <summary>
    /// The first reply of a race goes to the client, MPD errors included (every room would give the same);
    /// a room that could not run the read only counts once all of them failed.
    /// </summary>
    private void OnRaceAnswer(Executed executed)
    {
        var race = _races[executed.Tag];
        race.Pending--;
        if (executed.ServerFailed && race.Pending > 0) return;
        race.Session.Tell(executed with { Tag = race.RequestId });
        _races.Remove(executed.Tag);
    }

    private sealed class RaceRead(long requestId, IActorRef session, int pending)
    {
        public long RequestId { get; } = requestId;
        public IActorRef Session { get; } = session;
        public int Pending { get; set; } = pending;
    }
}
