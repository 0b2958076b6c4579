using System.Net;
using System.Text;
using Prosync.Actors.Library;

namespace Prosync.Actors.Tests.Library;

public sealed class HttpErrorTextTests
{
    [Theory]
    [InlineData("{\"error\": \"checksum mismatch\"}", "checksum mismatch")]   // every Prosync endpoint's form
    [InlineData("{\"error\": \"x\", \"more\": 1}", "x")]
    [InlineData("upstream connect error\n", "upstream connect error")]     // a proxy in between: its text
    [InlineData("{\"title\": \"Bad Request\"}", "{\"title\": \"Bad Request\"}")]   // JSON of another shape: as text
    [InlineData("{\"error\": 42}", "{\"error\": 42}")]
    [InlineData("", "Bad Gateway")]                                          // nothing said: the reason phrase
    [InlineData("  \n", "Bad Gateway")]
    public async Task The_reason_is_the_error_field_else_the_text_else_the_reason_phrase(string body, string expected)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent(body, Encoding.UTF8) };
        Assert.Equal(expected, await HttpErrorText.ReadAsync(response, CancellationToken.None));
    }

    [Fact]
    public async Task A_page_instead_of_a_reason_is_cut()
    {
        var page = "<html>" + new string('x', 5000) + "</html>";
        using var response = new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent(page) };
        var reason = await HttpErrorText.ReadAsync(response, CancellationToken.None);
        Assert.StartsWith("<html>xxx", reason, StringComparison.Ordinal);
        Assert.InRange(reason.Length, 100, 400);
    }
}
