using Prosync.Actors.Proxy;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Dashboard;

/// <summary>Two real MPD rooms, kitchen and living, behind Prosync with its dashboard: shared by the API tests.</summary>
public sealed class DashboardRooms : IAsyncLifetime
{
    public MusicFixture Library { get; } = new();

    public MpdProcessGroup Servers { get; private set; } = null!;

    public DashboardHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Library.InitializeAsync();
        Servers = await MpdProcessGroup.StartAsync(Library, 2, "room");
        Host = await DashboardHost.StartAsync(
        [
            new ServerEndpoint("kitchen", Servers[0].Host, Servers[0].Port),
            new ServerEndpoint("living", Servers[1].Host, Servers[1].Port),
        ]);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Servers.DisposeAsync();
    }
}
