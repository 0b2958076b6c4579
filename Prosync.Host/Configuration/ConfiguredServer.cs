using Prosync.Actors.Proxy;

namespace Prosync.Host.Configuration;

/// <summary>A server and where it was configured (a key or <c>file:line</c>), for error messages.</summary>
public sealed record ConfiguredServer(ServerEndpoint Server, string Source);
