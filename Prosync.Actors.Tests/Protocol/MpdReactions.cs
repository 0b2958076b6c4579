using System.Buffers;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Protocol;

/// <summary>
/// Facts confirmed against mpd 0.23.12: raw bytes sent on a fresh connection → the exact reply, and whether MPD then
/// closed the connection. <see cref="Predict"/> derives the same reaction from this protocol layer alone (line reader,
/// tokenizer, command table), as the client session will.
/// </summary>
internal static class MpdReactions
{
    public sealed record Reaction(string Input, string Reply, bool Closed);

    private static string Args(int n) => string.Concat(Enumerable.Repeat(" a", n));

    /// <summary>Inputs use \u00XX for raw bytes (Latin-1: one char per byte).</summary>
    public static readonly Reaction[] Confirmed =
    [
        new("ping\n", "OK\n", false),
        new("ping \r\n", "OK\n", false),
        new("ping\u0000junk\n", "OK\n", false),
        new("foo bar\n", "ACK [5@0] {} unknown command \"foo\"\n", false),
        new("ping_Az9\n", "ACK [5@0] {} unknown command \"ping_Az9\"\n", false),
        new("noidle x\n", "ACK [5@0] {} unknown command \"noidle\"\n", false),
        new("command_list_begin x\n", "ACK [5@0] {} unknown command \"command_list_begin\"\n", false),
        new("foo \"bar\n", "ACK [5@0] {} Missing closing '\"'\n", false),
        new("ping \"x\n", "ACK [5@0] {} Missing closing '\"'\n", false),
        new("ping \"\\\n", "ACK [5@0] {} Missing closing '\"'\n", false),
        new("find \"a\u0000b\"\n", "ACK [5@0] {} Missing closing '\"'\n", false),
        new("ping 'x'\n", "ACK [5@0] {} Invalid unquoted character\n", false),
        new("ping x\"y\n", "ACK [5@0] {} Invalid unquoted character\n", false),
        new("lsinfo 'a'\n", "ACK [5@0] {} Invalid unquoted character\n", false),
        new("ping \"x\"y\n", "ACK [5@0] {} Space expected after closing '\"'\n", false),
        new("ping x\n", "ACK [2@0] {ping} wrong number of arguments for \"ping\"\n", false),
        new("ping\tx\n", "ACK [2@0] {ping} wrong number of arguments for \"ping\"\n", false),
        new("ping\u0001x\n", "ACK [2@0] {ping} wrong number of arguments for \"ping\"\n", false),
        new("ping \"\"\n", "ACK [2@0] {ping} wrong number of arguments for \"ping\"\n", false),
        new("ping  \"x\"  \t\"y\"\n", "ACK [2@0] {ping} wrong number of arguments for \"ping\"\n", false),
        new("ping \"a\\\"b\"\n", "ACK [2@0] {ping} wrong number of arguments for \"ping\"\n", false),
        new("lsinfo a\u0001b\n", "ACK [2@0] {lsinfo} too many arguments for \"lsinfo\"\n", false),
        new("add\n", "ACK [2@0] {add} too few arguments for \"add\"\n", false),
        new("add a b c\n", "ACK [2@0] {add} too many arguments for \"add\"\n", false),
        new("seek 1\n", "ACK [2@0] {seek} wrong number of arguments for \"seek\"\n", false),
        new("binarylimit\n", "ACK [2@0] {binarylimit} wrong number of arguments for \"binarylimit\"\n", false),
        new("ping" + Args(63) + "\n", "ACK [2@0] {ping} wrong number of arguments for \"ping\"\n", false),
        new("ping" + Args(64) + "\n", "ACK [2@0] {} Too many arguments\n", false),
        new("ping" + Args(65) + " \"x\n", "ACK [2@0] {} Too many arguments\n", false),
        new("ping" + Args(63) + " \"x\n", "ACK [5@0] {} Missing closing '\"'\n", false),
        new("ping-x\n", "ACK [5@0] {} Invalid word character\n", true),
        new("ping\"x\"\n", "ACK [5@0] {} Invalid word character\n", true),
        new("ping\u007f\n", "ACK [5@0] {} Invalid word character\n", true),
        new("p\u00c3\u00a4ng\n", "ACK [5@0] {} Invalid word character\n", true),
        new("\n", "", true),
        new("Ping\n", "", true),
        new(" ping\n", "", true),
        new("1ping\n", "", true),
        new("\"ping\"\n", "", true),
        new("foo " + new string('x', 8187) + "\n", "ACK [5@0] {} unknown command \"foo\"\n", false), // 8192 bytes with \n
        new("foo " + new string('x', 8188) + "\n", "", true),                                     // 8193: dropped
    ];

    /// <summary>MPD's reaction to the first line of <paramref name="input"/>, from this protocol layer only.</summary>
    public static (string Reply, bool Closed) Predict(byte[] input)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input));
        if (!RequestLineReader.TryReadLine(ref reader, out string line, out LineStatus status))
            throw new InvalidOperationException("no complete line");
        if (status == LineStatus.TooLong)
            return ("", true);
        if (!RequestParser.TryParse(line, out MpdRequest? request, out MpdError? error, out bool close))
            return (error is null ? "" : error + "\n", close);
        CommandInfo? info = CommandTable.Find(request.Command);
        if (info is null)
            return (MpdError.UnknownCommand(request.Command) + "\n", false);
        if (info.CheckArguments(request.Args.Count) is { } argError)
            return (argError + "\n", false);
        if (request.Command == "ping")
            return ("OK\n", false);
        throw new InvalidOperationException($"the table only holds protocol-level reactions: {line}");
    }
}
