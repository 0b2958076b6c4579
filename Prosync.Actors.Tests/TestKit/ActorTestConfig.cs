using Akka.Configuration;
using Prosync.Actors.Proxy;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>The program's actor settings (akka.hocon) with the TestKit's logger, so EventFilter sees actors' logs.</summary>
public static class ActorTestConfig
{
    public static Config Instance { get; } = ConfigurationFactory
        .ParseString("""akka.loggers = ["Akka.TestKit.TestEventListener, Akka.TestKit"]""")
        .WithFallback(AkkaConfig.Load());
}
