namespace Prosync.Bench.Measure;

/// <summary>Where the command loop sends its commands: one connection to a proxy, or every room at once.</summary>
public interface ICommandChannel : IDisposable
{
    /// <summary>Sends one command line and waits for its reply (for a broadcast, every room's).</summary>
    MpdReply Send(string line);
}
