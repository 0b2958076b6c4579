using System.Net;
using System.Net.Sockets;
using Prosync.Actors.Library;

namespace Prosync.Actors.Tests.Library;

/// <summary>The outcomes of <see cref="MpdDatabase.UpdateAsync"/> that need no MPD (the others: AgentFileTests, with a real one).</summary>
public sealed class MpdDatabaseTests
{
    [Fact]
    public async Task An_MPD_that_never_answers_within_the_time_allowed_is_a_timeout_not_a_failure()
    {
        // Accepts connections (the kernel's backlog does) and never greets: as an MPD stuck in a long update.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var outcome = await MpdDatabase.UpdateAsync("127.0.0.1", port, "a/b.flac", TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.Equal(DatabaseUpdateResult.TimedOut, outcome.Result);
        Assert.False(outcome.InDatabase);
        Assert.Contains("'a/b.flac'", outcome.Detail, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TimeoutException>(() =>
            MpdDatabase.UpdateAndWaitAsync("127.0.0.1", port, "a/b.flac", TimeSpan.FromMilliseconds(300), CancellationToken.None));
    }

    [Fact]
    public async Task The_callers_cancellation_is_a_cancellation_not_a_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            MpdDatabase.UpdateAsync("127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port, "a.flac", TimeSpan.FromMinutes(1), cancel.Token));
    }
}
