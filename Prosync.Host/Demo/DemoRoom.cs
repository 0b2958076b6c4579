using Prosync.Actors.Proxy;
using Prosync.Host.Lab;

namespace Prosync.Host.Demo;

/// <summary>One demo room: its MPD, and the simulated link Prosync reaches it through.</summary>
/// <param name="Endpoint">What Prosync connects to: the relay in front of the MPD.</param>
public sealed record DemoRoom(MpdProcess Mpd, LatencyRelay Relay, ServerEndpoint Endpoint)
{
    public string Name => Endpoint.Name;

    public string Link => $"{Relay.Profile.BaseDelayMs:0.#} ms each way, ±{Relay.Profile.JitterMs:0.#} ms";
}
