using FsCheck;
using FsCheck.Fluent;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Protocol;

public class RequestParserTests
{
    private static string Args(int n) => string.Concat(Enumerable.Repeat(" a", n));

    public static TheoryData<string, string, string[]> Accepted => new()
    {
        { "status", "status", [] },
        { "foo bar", "foo", ["bar"] },                                  // existence is not the parser's business
        { "ping_Az9", "ping_Az9", [] },                                 // later chars: letters, digits, '_'
        { "play 3", "play", ["3"] },
        { "ping\tx", "ping", ["x"] },
        { "ping\u0001x", "ping", ["x"] },                               // any byte 0x01..0x20 separates (MPD: 1 arg)
        { "lsinfo a\u0001b", "lsinfo", ["a", "b"] },                    // MPD: too many arguments for "lsinfo"
        { "ping  \"x\"  \t\"y\"", "ping", ["x", "y"] },
        { "ping \"\"", "ping", [""] },                                  // an empty quoted argument is an argument
        { "ping \"\" ", "ping", [""] },
        { "lsinfo \"a\\\"b\\\\c\"", "lsinfo", ["a\"b\\c"] },           // \ escapes the next character
        { "find \"\\x\\y\"", "find", ["xy"] },                          // ... any character
        { "find artist \"Foo Bar\" album Baz", "find", ["artist", "Foo Bar", "album", "Baz"] },
        { "find \"(artist == 'x')\"", "find", ["(artist == 'x')"] },   // ' is fine inside quotes
        { "lsinfo \"a\"\u0001", "lsinfo", ["a"] },
        { "add Björk/Jóga.flac", "add", ["Björk/Jóga.flac"] },          // non-ASCII is > 0x20: fine unquoted
        { "add a\u007fb", "add", ["a\u007fb"] },                        // DEL too
        { "ping\u0000junk", "ping", [] },                               // NUL ends the line (MPD: OK)
        { "ping " + Args(62).TrimStart(), "ping", [.. Enumerable.Repeat("a", 62)] },
        { "ping" + Args(63), "ping", [.. Enumerable.Repeat("a", 63)] }, // 63 is the most (MPD: wrong number…)
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Tokenizes_like_MPD(string line, string command, string[] args)
    {
        Assert.True(RequestParser.TryParse(line, out MpdRequest? request, out MpdError? error, out bool close));
        Assert.Null(error);
        Assert.False(close);
        Assert.Equal(new MpdRequest(command, args), request);
    }

    /// <summary>Each row was sent to mpd 0.23.12; <c>ack</c> is its reply (null: none), <c>close</c> whether it then closed.</summary>
    public static TheoryData<string, string?, bool> Rejected => new()
    {
        { "foo \"bar", "ACK [5@0] {} Missing closing '\"'", false },
        { "ping \"x", "ACK [5@0] {} Missing closing '\"'", false },
        { "ping \"\\", "ACK [5@0] {} Missing closing '\"'", false },
        { "find \"a\u0000b\"", "ACK [5@0] {} Missing closing '\"'", false },
        { "ping 'x'", "ACK [5@0] {} Invalid unquoted character", false },
        { "ping x\"y", "ACK [5@0] {} Invalid unquoted character", false },
        { "ping x'", "ACK [5@0] {} Invalid unquoted character", false },
        { "ping \"x\"y", "ACK [5@0] {} Space expected after closing '\"'", false },
        { "ping" + Args(64), "ACK [2@0] {} Too many arguments", false },
        { "ping" + Args(65) + " \"x", "ACK [2@0] {} Too many arguments", false },     // checked before the bad argument
        { "ping" + Args(63) + " \"x", "ACK [5@0] {} Missing closing '\"'", false },   // 64th argument is tokenized
        { "ping-x", "ACK [5@0] {} Invalid word character", true },
        { "ping\"x\"", "ACK [5@0] {} Invalid word character", true },
        { "ping\u007f", "ACK [5@0] {} Invalid word character", true },
        { "päng", "ACK [5@0] {} Invalid word character", true },
        { "", null, true },
        { "Ping", null, true },
        { " ping", null, true },
        { "1ping", null, true },
        { "\"ping\"", null, true },
        { "\u0000ping", null, true },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejects_like_MPD(string line, string? ack, bool close)
    {
        Assert.False(RequestParser.TryParse(line, out MpdRequest? request, out MpdError? error, out bool closes));
        Assert.Null(request);
        Assert.Equal(ack, error?.ToString());
        Assert.Equal(close, closes);

        Assert.False(RequestParser.TryParse(line, out _, out MpdError? error3));
        Assert.Equal(ack, error3?.ToString());
    }

    [Theory]
    [InlineData("ping", true)]
    [InlineData("a", true)]
    [InlineData("z x", true)]
    [InlineData("", false)]
    [InlineData("Ping", false)]
    [InlineData(" ping", false)]
    [InlineData("GET / HTTP/1.1", false)]
    [InlineData("_x", false)]
    [InlineData("{", false)]
    public void First_byte_must_be_a_lowercase_letter(string line, bool ok)
    {
        Assert.Equal(ok, RequestParser.StartsWithLowercaseLetter(System.Text.Encoding.UTF8.GetBytes(line)));
        Assert.Equal(ok, RequestParser.StartsWithLowercaseLetter(line));
    }

    [Fact]
    public void ToLine_quotes_and_escapes_every_argument()
    {
        Assert.Equal("status", new MpdRequest("status", []).ToLine());
        Assert.Equal("find \"artist\" \"Foo \\\"Bar\\\" \\\\ 'x'\"", new MpdRequest("find", ["artist", "Foo \"Bar\" \\ 'x'"]).ToLine());
        Assert.Equal("ping \"\"", new MpdRequest("ping", [""]).ToLine());
    }

    [Fact]
    public void Requests_compare_by_value()
    {
        Assert.Equal(new MpdRequest("add", ["a", "b"]), new MpdRequest("add", new List<string> { "a", "b" }));
        Assert.Equal(new MpdRequest("add", ["a"]).GetHashCode(), new MpdRequest("add", new List<string> { "a" }).GetHashCode());
        Assert.NotEqual(new MpdRequest("add", ["a"]), new MpdRequest("add", ["A"]));
        Assert.NotEqual(new MpdRequest("add", ["a"]), new MpdRequest("add", ["a", ""]));
    }

    // ---- properties

    /// <summary>
    /// What MPD can carry in an argument: anything but "\n" (ends the line) and NUL (ends the C string); at most
    /// <see cref="RequestParser.MaxArguments"/> arguments.
    /// </summary>
    private static Gen<MpdRequest> RequestGen(bool validUtf16) =>
        from command in Generators.CommandName
        from count in Gen.Frequency((10, Gen.Choose(0, 5)), (1, Gen.Choose(0, RequestParser.MaxArguments)))
        from args in Gen.ListOf(Generators.AnyString.Select(s => s.Replace("\n", "", StringComparison.Ordinal).Replace("\0", "", StringComparison.Ordinal))
            .Where(s => !validUtf16 || Generators.IsValidUtf16(s)), count)
        select new MpdRequest(command, [.. args]);

    [Fact]
    public void Any_request_round_trips_through_ToLine_and_TryParse()
    {
        Prop.ForAll(RequestGen(validUtf16: false).ToArbitrary(), request =>
        {
            Assert.True(RequestParser.TryParse(request.ToLine(), out MpdRequest? back, out MpdError? error), error?.ToString());
            Assert.Equal(request, back);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Any_request_round_trips_through_the_wire_bytes_in_any_segmentation()
    {
        Gen<(MpdRequest, int)> gen = from r in RequestGen(validUtf16: true) from seed in Gen.Choose(0, int.MaxValue) select (r, seed);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            (MpdRequest request, int seed) = input;
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(request.ToLine() + "\n");
            if (bytes.Length > RequestLineReader.MaxLineBytes)
                return; // MPD could not receive it either
            var random = new Random(seed);
            int[] cuts = [.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(0, bytes.Length + 1)).Order()];
            var reader = new System.Buffers.SequenceReader<byte>(Segments.Split(bytes, cuts));
            Assert.True(RequestLineReader.TryReadLine(ref reader, out string line, out LineStatus status));
            Assert.Equal(LineStatus.Line, status);
            Assert.True(reader.End);
            Assert.True(RequestParser.TryParse(line, out MpdRequest? back, out _));
            Assert.Equal(request, back);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Tokenizing_never_throws_on_any_line()
    {
        Prop.ForAll(Generators.AnyString.ToArbitrary(), line =>
        {
            bool ok = RequestParser.TryParse(line, out MpdRequest? request, out MpdError? error, out bool close);
            Assert.True(ok ? request is not null && error is null && !close : request is null);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }
}
