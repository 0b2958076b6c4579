using System.Net;
using System.Net.Sockets;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Relay;

/// <summary>The relays' shared listening half: accept order, stopping, and waiting for the handlers still running.</summary>
public sealed class RelayListenerTests
{
    [Fact]
    public async Task Connections_are_handed_over_in_accept_order_and_stopping_waits_only_for_the_loop_and_then_the_handlers()
    {
        var accepted = new List<int>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = RelayListener.Start(backlog: 8, async (socket, index) =>
        {
            lock (accepted) accepted.Add(index);
            using (socket) await release.Task;
        });

        var clients = new List<Socket>();
        for (var i = 0; i < 3; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));
            clients.Add(client);
            // Accepts are serial; wait for each so the indices can be checked against the connect order.
            var count = i + 1;
            Assert.True(await ProxyHarness.EventuallyAsync(() =>
            {
                lock (accepted) return Task.FromResult(accepted.Count == count);
            }, TimeSpan.FromSeconds(10)), $"connection {i} was not handed over");
        }
        lock (accepted) Assert.Equal([0, 1, 2], accepted);

        // Stopping returns once the accept loop has ended (whether a late connect is refused is not asserted: the freed
        // port may already be another test's, as CI showed once).
        await listener.StopAsync();
        Assert.True(listener.Stopping.IsCancellationRequested);

        var finished = listener.HandlersFinished();
        Assert.False(finished.IsCompleted, "the handlers are still running");
        release.SetResult();
        await finished.WaitAsync(TimeSpan.FromSeconds(10));
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Connecting_to_a_target_that_is_not_there_fails_with_a_socket_error()
    {
        // Port 1 (tcpmux): nothing listens there, and unlike a port just freed no other test can take it meanwhile.
        await Assert.ThrowsAsync<SocketException>(() => RelayListener.ConnectAsync("127.0.0.1", 1, CancellationToken.None));
        using var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        using var connected = await RelayListener.ConnectAsync("localhost", ((IPEndPoint)target.LocalEndpoint).Port, CancellationToken.None);
        Assert.True(connected.Connected);
    }
}
