using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Protocol;

/// <summary>Response frames captured from mpd 0.23.12 (protocol 0.23.5), with what they must parse to.</summary>
internal static class ResponseSamples
{
    public sealed record Sample(string Name, byte[] Frame, MpdResponse Expected)
    {
        public override string ToString() => Name;
    }

    private static readonly string[] StatusLines =
    [
        "volume: 100", "repeat: 0", "random: 0", "single: 0", "consume: 0", "partition: default", "playlist: 6",
        "playlistlength: 1", "mixrampdb: 0", "state: play", "song: 0", "songid: 3", "time: 1:5", "elapsed: 0.969",
        "bitrate: 245", "duration: 5.000", "audio: 44100:24:2",
    ];

    private static readonly string[] SongLines =
    [
        "file: t.flac", "Last-Modified: 2026-11-22T00:44:38Z", "Format: 44100:24:2", "Time: 5", "duration: 5.000",
        "Pos: 0", "Id: 3",
    ];

    // The cover file served by albumart: its bytes look like protocol text on purpose.
    public static readonly byte[] Picture = Bytes.Raw("JPEG\nOK\nACK [5@0] {} x\nbinary: 3\n\u0000\u00ff");

    public static readonly Sample Status = new(
        "status",
        Bytes.Utf8(string.Join("", StatusLines.Select(l => l + "\n")) + "OK\n"),
        new MpdResponse(StatusLines));

    public static readonly Sample Ack = new(
        "ack",
        Bytes.Utf8("ACK [50@0] {lsinfo} No such directory\n"),
        MpdResponse.Fail(new MpdError(AckCode.NoExist, 0, "lsinfo", "No such directory")));

    // command_list_ok_begin / status / currentsong / command_list_end, as mpc status sends it
    public static readonly Sample ListOk = new(
        "list_OK",
        Bytes.Utf8(string.Join("", StatusLines.Append("list_OK").Concat(SongLines).Append("list_OK").Select(l => l + "\n")) + "OK\n"),
        new MpdResponse([.. StatusLines, "list_OK", .. SongLines, "list_OK"]));

    // a list that fails at its second command: list_OK for the first, then the ACK, no OK
    public static readonly Sample ListAck = new(
        "list ACK",
        Bytes.Utf8("list_OK\nACK [5@1] {} Missing closing '\"'\n"),
        new MpdResponse(["list_OK"], null, new MpdError(AckCode.Unknown, 1, "", "Missing closing '\"'")));

    public static readonly Sample Binary = new(
        "albumart",
        [.. Bytes.Raw("size: 35\nbinary: 35\n"), .. Picture, .. Bytes.Raw("\nOK\n")],
        new MpdResponse(["size: 35"], Picture));

    public static readonly Sample ZeroBinary = new(
        "albumart at the end (binary: 0)",
        Bytes.Raw("size: 35\nbinary: 0\n\nOK\n"),
        new MpdResponse(["size: 35"], Array.Empty<byte>()));

    // command_list_ok_begin / albumart t.flac 0 / albumart t.flac 0 / command_list_end
    public static readonly Sample TwoBinaries = new(
        "two albumart in one list",
        [
            .. Bytes.Raw("size: 35\nbinary: 35\n"), .. Picture, .. Bytes.Raw("\nlist_OK\n"),
            .. Bytes.Raw("size: 35\nbinary: 35\n"), .. Picture, .. Bytes.Raw("\nlist_OK\nOK\n"),
        ],
        MpdResponse.WithBinaryChunks(
            ["size: 35", "list_OK", "size: 35", "list_OK"],
            [new BinaryChunk(1, Picture), new BinaryChunk(3, Picture)]));

    // several events pending, then idle: MPD's flag order, not the order they happened in
    public static readonly Sample Idle = new(
        "idle",
        Bytes.Utf8("changed: stored_playlist\nchanged: playlist\nchanged: mixer\nchanged: output\nchanged: options\nchanged: subscription\nOK\n"),
        new MpdResponse(["changed: stored_playlist", "changed: playlist", "changed: mixer", "changed: output", "changed: options", "changed: subscription"]));

    public static readonly Sample EmptyOk = new("OK", Bytes.Utf8("OK\n"), MpdResponse.Ok);

    public static readonly Sample NonAscii = new(
        "UTF-8 values",
        Bytes.Utf8("file: Björk/Jóga.flac\nTitle: 日本語 🎵\nOK\n"),
        new MpdResponse(["file: Björk/Jóga.flac", "Title: 日本語 🎵"]));

    public static IEnumerable<Sample> All =>
        [Status, Ack, ListOk, ListAck, Binary, ZeroBinary, TwoBinaries, Idle, EmptyOk, NonAscii];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (Sample s in All)
            data.Add(s.Name);
        return data;
    }

    public static Sample Named(string name) => All.Single(s => s.Name == name);

    public static void AssertSame(MpdResponse expected, MpdResponse actual)
    {
        Assert.Equal(expected.Lines, actual.Lines);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.IsOk, actual.IsOk);
        Assert.Equal(expected.BinaryChunks.Count, actual.BinaryChunks.Count);
        for (int i = 0; i < expected.BinaryChunks.Count; i++)
        {
            Assert.Equal(expected.BinaryChunks[i].LineIndex, actual.BinaryChunks[i].LineIndex);
            Assert.Equal(expected.BinaryChunks[i].Data.ToArray(), actual.BinaryChunks[i].Data.ToArray());
        }
        Assert.Equal(expected.Binary?.ToArray(), actual.Binary?.ToArray());
    }
}
