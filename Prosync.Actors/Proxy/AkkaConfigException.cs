namespace Prosync.Actors.Proxy;

/// <summary>The actor system's settings (<c>akka.hocon</c>) cannot be read or parsed; the message names the file and line.</summary>
public sealed class AkkaConfigException : Exception
{
    public AkkaConfigException(string message) : base(message)
    {
    }

    public AkkaConfigException(string message, Exception inner) : base(message, inner)
    {
    }
}
