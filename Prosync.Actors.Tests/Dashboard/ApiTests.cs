using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Dashboard;

/// <summary>The HTTP JSON API over real HTTP, against a real proxy in front of real MPD servers.</summary>
[Collection(RealMpdCollection.Name)]
public sealed class ApiTests(DashboardRooms rooms) : IClassFixture<DashboardRooms>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private HttpClient Http => rooms.Host.Http;

    [Fact]
    public async Task Get_servers_lists_every_room_with_state_latency_and_offset()
    {
        var servers = await Until("both rooms measured", async () =>
        {
            var list = await GetJson("api/servers");
            return list.EnumerateArray().All(s => s.GetProperty("rttMs").ValueKind == JsonValueKind.Number) ? list : (JsonElement?)null;
        });

        Assert.Equal(["kitchen", "living"], servers.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        foreach (var server in servers.EnumerateArray())
        {
            Assert.Equal("InSync", server.GetProperty("state").GetString());
            Assert.Matches(@"^127\.0\.0\.1:\d+$", server.GetProperty("address").GetString());
            var rtt = server.GetProperty("rttMs").GetDouble();
            Assert.InRange(rtt, 0.001, 100);
            Assert.Equal(rtt / 2, server.GetProperty("oneWayMs").GetDouble(), 0.01);
            Assert.True(server.GetProperty("jitterMs").GetDouble() >= 0);
            Assert.Equal(0, server.GetProperty("offsetMs").GetDouble());
            Assert.True(server.GetProperty("samples").GetInt32() > 0);
        }
        Assert.True(servers[0].GetProperty("primary").GetBoolean());
    }

    [Fact]
    public async Task Get_status_shows_what_plays_and_the_timed_broadcasts_with_their_skew()
    {
        await rooms.Host.Proxy.SendAsync("setvol 42");

        var status = await Until("setvol in the broadcasts", async () =>
        {
            var s = await GetJson("api/status");
            return s.GetProperty("broadcasts").EnumerateArray().Any(b => b.GetProperty("command").GetString() == "setvol")
                && s.GetProperty("player").ValueKind == JsonValueKind.Object
                && s.GetProperty("player").GetProperty("volume").GetInt32() == 42 ? s : (JsonElement?)null;
        });

        Assert.Equal("kitchen", status.GetProperty("primary").GetString());
        Assert.Equal(2, status.GetProperty("servers").GetArrayLength());
        var setvol = status.GetProperty("broadcasts").EnumerateArray().First(b => b.GetProperty("command").GetString() == "setvol");
        Assert.Equal(["kitchen", "living"], setvol.GetProperty("servers").EnumerateArray().Select(s => s.GetString()).Order());
        Assert.True(setvol.GetProperty("plannedSpreadMs").GetDouble() >= 0);
        Assert.Contains(setvol.GetProperty("skewMs").ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
        Assert.Equal("stop", status.GetProperty("player").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Get_one_server_by_name_or_404_for_an_unknown_room()
    {
        var living = await GetJson("api/servers/living");
        Assert.Equal("living", living.GetProperty("name").GetString());

        var response = await Http.GetAsync("api/servers/attic");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no room is named 'attic'", await Error(response));
    }

    [Fact]
    public async Task Post_adds_a_room_that_joins_in_sync_and_delete_removes_it()
    {
        await using var attic = await MpdProcess.StartAsync(rooms.Library, new MpdProcessOptions { Name = "attic" });

        var created = await Http.PostAsJsonAsync("api/servers", new { name = "attic", address = $"127.0.0.1:{attic.Port}", offsetMs = 12.5 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/servers/attic", created.Headers.Location?.OriginalString);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("attic", body.GetProperty("name").GetString());
        Assert.Equal($"127.0.0.1:{attic.Port}", body.GetProperty("address").GetString());
        Assert.Equal(12.5, body.GetProperty("offsetMs").GetDouble());
        await Until("attic in sync", async () =>
            (await GetJson("api/servers/attic")).GetProperty("state").GetString() == "InSync" ? true : (bool?)null);

        var deleted = await Http.DeleteAsync("api/servers/attic");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain("attic", (await GetJson("api/servers")).EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("api/servers/attic")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync("api/servers/attic")).StatusCode);
    }

    [Fact]
    public async Task Post_without_a_name_names_the_room_by_its_address_and_an_unreachable_room_shows_Down()
    {
        var port = FreePort();
        var created = await Http.PostAsJsonAsync("api/servers", new { address = $"127.0.0.1:{port}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var name = $"127.0.0.1:{port}";
        try
        {
            await Until("the unreachable room Down", async () =>
                (await GetJson($"api/servers/{name}")).GetProperty("state").GetString() == "Down" ? true : (bool?)null);
            var servers = await GetJson("api/servers");
            Assert.Equal(2, servers.EnumerateArray().Count(s => s.GetProperty("state").GetString() == "InSync"));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"api/servers/{name}")).StatusCode);
        }
    }

    [Theory]
    [InlineData("", "the request body is empty; send a JSON object")]
    [InlineData("{", "the request body is not valid JSON")]
    [InlineData("""{"name": "attic"}""", "address is missing")]
    [InlineData("""{"address": 6601}""", "the request body has a value of the wrong type at $.address")]
    [InlineData("""{"address": "127.0.0.1:7000", "offset": 3}""", "the request body has an unknown property")]
    [InlineData("""{"address": "::1"}""", "address: '::1' looks like an IPv6 address")]
    [InlineData("""{"address": "127.0.0.1:99999"}""", "address: '127.0.0.1:99999': port 99999 is out of range")]
    [InlineData("""{"address": "127.0.0.1:7000", "name": "attic room"}""", "name: server name 'attic room' must be at most 64 characters without spaces")]
    [InlineData("""{"address": "127.0.0.1:7000", "name": "up/stairs"}""", "name: server name 'up/stairs' must be at most 64 characters without spaces, '=' or '/'")]
    [InlineData("""{"address": "127.0.0.1:7000", "offsetMs": 1e9}""", "offsetMs: offset 1000000000 ms is outside")]
    public async Task Post_with_bad_input_is_a_400_that_says_what_is_wrong(string body, string message)
    {
        var response = await Http.PostAsync("api/servers", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, await Error(response));
    }

    [Fact]
    public async Task Post_with_a_name_or_address_in_use_is_a_409()
    {
        var kitchen = rooms.Servers[0];
        var sameName = await Http.PostAsJsonAsync("api/servers", new { name = "Kitchen", address = "127.0.0.1:7000" });
        var sameAddress = await Http.PostAsJsonAsync("api/servers", new { name = "attic", address = $"127.0.0.1:{kitchen.Port}" });

        Assert.Equal(HttpStatusCode.Conflict, sameName.StatusCode);
        Assert.Equal("a room named 'kitchen' exists already", await Error(sameName));
        Assert.Equal(HttpStatusCode.Conflict, sameAddress.StatusCode);
        Assert.Equal($"room 'kitchen' already uses 127.0.0.1:{kitchen.Port}", await Error(sameAddress));
    }

    [Fact]
    public async Task Put_offset_sets_the_rooms_output_latency()
    {
        try
        {
            var response = await Http.PutAsJsonAsync("api/servers/living/offset", new { offsetMs = 25 });

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var living = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(25, living.GetProperty("offsetMs").GetDouble());
            if (living.GetProperty("oneWayMs").ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(living.GetProperty("oneWayMs").GetDouble() + 25, living.GetProperty("delayMs").GetDouble(), 0.01);
            }
            Assert.Equal(25, (await GetJson("api/servers/living")).GetProperty("offsetMs").GetDouble());
        }
        finally
        {
            await Http.PutAsJsonAsync("api/servers/living/offset", new { offsetMs = 0 });
        }
    }

    [Theory]
    [InlineData("living", "{}", HttpStatusCode.BadRequest, "offsetMs is missing")]
    [InlineData("living", """{"offsetMs": "40ms"}""", HttpStatusCode.BadRequest, "the request body has a value of the wrong type at $.offsetMs")]
    [InlineData("living", """{"offsetMs": -20000}""", HttpStatusCode.BadRequest, "offsetMs: offset -20000 ms is outside -10000..10000 ms")]
    [InlineData("attic", """{"offsetMs": 5}""", HttpStatusCode.NotFound, "no room is named 'attic'")]
    public async Task Put_offset_with_bad_input_or_an_unknown_room_fails_clearly(string room, string body, HttpStatusCode code, string message)
    {
        var response = await Http.PutAsync($"api/servers/{room}/offset", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(code, response.StatusCode);
        Assert.StartsWith(message, await Error(response));
    }

    [Fact]
    public async Task Post_resync_starts_a_resync_of_the_room()
    {
        var response = await Http.PostAsync("api/servers/living/resync", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/servers/living", response.Headers.Location?.OriginalString);
        await Until("living in sync again", async () =>
            (await GetJson("api/servers/living")).GetProperty("state").GetString() == "InSync" ? true : (bool?)null);

        var unknown = await Http.PostAsync("api/servers/attic/resync", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Events_stream_the_history_then_a_status_about_five_times_a_second()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/events");
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var (firstType, firstData) = await NextEvent(reader);
        Assert.Equal("history", firstType);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(firstData).RootElement.ValueKind);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var statuses = new List<JsonElement>();
        while (statuses.Count < 6)
        {
            var (type, data) = await NextEvent(reader);
            Assert.Equal("status", type);
            statuses.Add(JsonDocument.Parse(data).RootElement);
        }
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(3));
        var last = statuses[^1];
        Assert.Equal(2, last.GetProperty("servers").GetArrayLength());
        Assert.True(statuses.Select(s => s.GetProperty("at").GetDateTimeOffset()).Distinct().Count() >= 5);
    }

    [Fact]
    public async Task History_holds_the_charts_latency_frames_per_room()
    {
        var frames = await Until("a few frames", async () =>
        {
            var h = await GetJson("api/history");
            return h.GetArrayLength() >= 3 ? h : (JsonElement?)null;
        });

        var times = frames.EnumerateArray().Select(f => f.GetProperty("t").GetInt64()).ToList();
        Assert.Equal(times.Order(), times);
        var frame = frames[frames.GetArrayLength() - 1];
        Assert.Equal(["kitchen", "living"], frame.GetProperty("rooms").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("InSync", frame.GetProperty("rooms").GetProperty("kitchen").GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_dashboard_page_and_uPlot_from_npm_are_served()
    {
        var page = await Http.GetStringAsync("");
        Assert.Contains("<title>Prosync</title>", page);
        Assert.Contains("vendor/uPlot.iife.min.js", page);

        var uplot = await Http.GetAsync("vendor/uPlot.iife.min.js");
        Assert.Equal(HttpStatusCode.OK, uplot.StatusCode);
        Assert.Contains("uPlot", await uplot.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("app.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("vendor/uPlot.min.css")).StatusCode);
    }

    private async Task<JsonElement> GetJson(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string?> Error(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();

    private static async Task<(string Type, string Data)> NextEvent(StreamReader reader)
    {
        string? type = null;
        var data = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0 && data.Length > 0)
            {
                return (type ?? "message", data.ToString());
            }
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }
        throw new EndOfStreamException("the event stream ended");
    }

    private static async Task<T> Until<T>(string what, Func<Task<T?>> probe)
        where T : struct
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {Patience.TotalSeconds} s for {what}");
            }
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
