using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Cluster;
using Prosync.Actors.Proxy;
using Prosync.Actors.Servers;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Cluster;

/// <summary>The cluster actor on Akka, in front of real MPDs.</summary>
[Collection(RealMpdCollection.Name)]
public sealed class ClusterActorTests(MusicFixture library) : Akka.TestKit.Xunit2.TestKit(ActorTestConfig.Instance)
{
    [Fact]
    public async Task The_cluster_answers_GetClusterStatus_and_brings_its_rooms_in_sync()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 2);
        var endpoints = rooms.Select(r => new ServerEndpoint(r.Name, r.Host, r.Port)).ToList();
        var cluster = Sys.ActorOf(ClusterActor.Props(endpoints, ClusterOptions.Default));

        cluster.Tell(GetClusterStatus.Instance);
        Assert.Equal(endpoints.Select(e => e.Name), ExpectMsg<ClusterStatus>().Servers.Select(s => s.Name));

        await AwaitAssertAsync(async () =>
        {
            var status = await cluster.Ask<ClusterStatus>(GetClusterStatus.Instance, TimeSpan.FromSeconds(2));
            Assert.Equal(2, status.InSyncCount);
            Assert.Equal(rooms[0].Name, status.Primary);
        }, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Removing_a_room_stops_its_supervisor_and_its_actor()
    {
        var cluster = Sys.ActorOf(ClusterActor.Props([new ServerEndpoint("nowhere", "127.0.0.1", 1)], ClusterOptions.Default), "cluster");
        cluster.Tell(GetClusterStatus.Instance);
        ExpectMsg<ClusterStatus>(); // started: its rooms exist
        var supervisor = await Sys.ActorSelection("/user/cluster/server-nowhere").ResolveOne(TimeSpan.FromSeconds(3));
        Watch(supervisor);

        cluster.Tell(new RemoveServer("nowhere"));

        // The answer and the supervisor's end come from two actors: in either order.
        var both = ReceiveN(2);
        Assert.Contains(both, m => m is OperationResult { Succeeded: true });
        Assert.Contains(both, m => m is Terminated t && t.ActorRef.Equals(supervisor));
    }

    [Fact]
    public async Task A_room_added_back_while_its_old_actor_still_stops_is_added_once_that_actor_is_gone()
    {
        await using var room = await MpdProcess.StartAsync(library);
        var endpoint = new ServerEndpoint(room.Name, room.Host, room.Port);
        var cluster = Sys.ActorOf(ClusterActor.Props([endpoint], ClusterOptions.Default));
        await AwaitAssertAsync(async () =>
            Assert.Equal(1, (await cluster.Ask<ClusterStatus>(GetClusterStatus.Instance, TimeSpan.FromSeconds(2))).InSyncCount),
            TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));

        // Back to back, as a room moved away and back or an agent that re-registers at once: the stop has not finished.
        cluster.Tell(new RemoveServer(endpoint.Name));
        cluster.Tell(new AddServer(endpoint));

        Assert.True(ExpectMsg<OperationResult>().Succeeded);
        var added = ExpectMsg<OperationResult>(TimeSpan.FromSeconds(5));
        Assert.True(added.Succeeded, added.Message);
        await AwaitAssertAsync(async () =>
            Assert.Equal(1, (await cluster.Ask<ClusterStatus>(GetClusterStatus.Instance, TimeSpan.FromSeconds(2))).InSyncCount),
            TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_room_removed_again_while_its_add_waits_is_not_added()
    {
        var endpoint = new ServerEndpoint("nowhere", "127.0.0.1", 1);
        var cluster = Sys.ActorOf(ClusterActor.Props([endpoint], ClusterOptions.Default));
        cluster.Tell(GetClusterStatus.Instance);
        ExpectMsg<ClusterStatus>();

        // Away, back and away again at once (a room moved A→B→A→B): the last word is "removed".
        cluster.Tell(new RemoveServer(endpoint.Name));
        cluster.Tell(new AddServer(endpoint));
        cluster.Tell(new RemoveServer(endpoint.Name));

        // Both removes succeed (the second calls the waiting add off, or removes the room if the old actor was gone
        // already and the add ran), and once the old actor has stopped nothing starts the room again.
        var answers = ReceiveN(3, TimeSpan.FromSeconds(5)).Cast<OperationResult>().ToList();
        Assert.Equal(2, answers.Count(a => a.Succeeded && a.Message.EndsWith("removed", StringComparison.Ordinal)));
        await Task.Delay(500);
        Assert.Empty((await cluster.Ask<ClusterStatus>(GetClusterStatus.Instance, TimeSpan.FromSeconds(2))).Servers);
    }

    [Fact]
    public void A_lost_room_is_logged_by_the_cluster()
    {
        EventFilter.Info(contains: "Connecting -> Down").ExpectOne(TimeSpan.FromSeconds(5), () =>
            Sys.ActorOf(ClusterActor.Props([new ServerEndpoint("nowhere", "127.0.0.1", 1)], ClusterOptions.Default)));
    }

    [Fact]
    public async Task A_request_lost_between_two_incarnations_of_a_room_is_answered_as_not_connected()
    {
        var cluster = Sys.ActorOf(ClusterActor.Props([new ServerEndpoint("nowhere", "127.0.0.1", 1)], ClusterOptions.Default), "cluster");
        cluster.Tell(GetClusterStatus.Instance);
        ExpectMsg<ClusterStatus>();
        var room = await Sys.ActorSelection("/user/cluster/server-nowhere").ResolveOne(TimeSpan.FromSeconds(3));

        // What Akka publishes for a message the room's supervisor had no actor for (or a stopped actor left queued).
        Sys.EventStream.Publish(new DeadLetter(new ReadStatus(7, TestActor), cluster, room));

        var read = ExpectMsg<StatusRead>();
        Assert.Equal((7, "nowhere"), (read.Tag, read.Server));
        Assert.Null(read.Status);
    }
}
