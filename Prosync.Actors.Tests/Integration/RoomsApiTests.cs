using System.Net;
using System.Text;
using System.Text.Json;
using Prosync.Actors.Proxy;
using Prosync.Actors.Tests.Dashboard;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Integration;

/// <summary>The rooms-and-groups HTTP API over real HTTP, against a real proxy in front of real MPD servers.</summary>
[Collection(RealMpdCollection.Name)]
public sealed class RoomsApiTests(MusicFixture library)
{
    [Fact]
    public async Task Rooms_are_trimmed_switched_and_moved_between_groups_and_bad_requests_are_refused()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 2);
        await using var host = await DashboardHost.StartAsync(rooms.Select(r => new ServerEndpoint(r.Name, r.Host, r.Port)).ToList());
        var http = host.Http;

        Assert.Equal(HttpStatusCode.Created, (await Send(http, HttpMethod.Post, "api/groups", """{"name": "patio"}""")).Status);
        var (status, body) = await Send(http, HttpMethod.Put, "api/servers/room2/group", """{"group": "patio"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("patio", body.GetProperty("group").GetString());
        (status, body) = await Send(http, HttpMethod.Put, "api/servers/room1/volume", """{"trim": 0.5}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0.5, body.GetProperty("trim").GetDouble());
        (status, body) = await Send(http, HttpMethod.Put, "api/servers/room1/enabled", """{"enabled": false}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("enabled").GetBoolean());

        var groups = JsonDocument.Parse(await http.GetStringAsync("api/groups")).RootElement;
        Assert.Equal(["default", "patio"], groups.EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(["room2"], groups[1].GetProperty("rooms").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("outputid: 0\noutputname: room1\nplugin: prosync\noutputenabled: 0\n", await host.Proxy.SendAsync("outputs\n"));

        // A room volume that MPD shows: the group volume times the trim.
        Assert.DoesNotContain("ACK", await host.Proxy.SendAsync("setvol 60\n"));
        Assert.Contains("volume: 30", await rooms[0].SendAsync("status"));

        Assert.Equal(HttpStatusCode.BadRequest, (await Send(http, HttpMethod.Put, "api/servers/room1/volume", """{"trim": 2}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(http, HttpMethod.Put, "api/servers/room1/volume", """{"volume": 2}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Put, "api/servers/attic/volume", """{"trim": 1}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Put, "api/servers/room1/group", """{"group": "attic"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(http, HttpMethod.Put, "api/servers/room1/enabled", "{}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(http, HttpMethod.Post, "api/groups", """{"name": "a b"}""")).Status);
        (status, body) = await Send(http, HttpMethod.Post, "api/groups", """{"name": "patio"}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("a group named patio exists already", body.GetProperty("error").GetString());
        (status, body) = await Send(http, HttpMethod.Delete, "api/groups/patio", null);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("group patio still has rooms: move them out first", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Send(http, HttpMethod.Delete, "api/groups/default", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Delete, "api/groups/attic", null)).Status);

        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Put, "api/servers/room2/group", """{"group": "default"}""")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Send(http, HttpMethod.Delete, "api/groups/patio", null)).Status);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpClient http, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
