namespace Prosync.Bench.Measure;

/// <summary>What every <see cref="ICommandChannel"/> offers on top of <see cref="ICommandChannel.Send"/>.</summary>
public static class CommandChannelExtensions
{
    /// <summary>Like <see cref="ICommandChannel.Send"/>, but throws on ACK.</summary>
    public static MpdReply Run(this ICommandChannel channel, string line)
    {
        var reply = channel.Send(line);
        return reply.IsOk ? reply : throw new InvalidOperationException($"'{line}' failed: {reply.Error}");
    }
}
