namespace Prosync.Actors.Kernel;

/// <summary>The "/user" actor: parent of all top-level actors, supervising them with the default strategy.</summary>
internal sealed class GuardianActor : Actor
{
    protected internal override Task ReceiveAsync(object message)
    {
        Unhandled(message);
        return Task.CompletedTask;
    }
}
