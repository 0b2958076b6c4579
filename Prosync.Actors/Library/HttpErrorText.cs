using System.Text.Json;

namespace Prosync.Actors.Library;

/// <summary>
/// Why an HTTP answer of Prosync's (an agent, the proxy, the registry) failed, in its own words: the <c>error</c> of its
/// JSON body (<c>{"error": "..."}</c>, every Prosync endpoint's form); a body that is not that, as text (a proxy or
/// server in between); else the status's reason phrase.
/// </summary>
public static class HttpErrorText
{
    /// <summary>A body longer than this is an HTML page or worse, not a reason: it is cut.</summary>
    private const int MaxTextChars = 300;

    public static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        string text;
        try
        {
            text = (await response.Content.ReadAsStringAsync(ct)).Trim();
        }
        catch (HttpRequestException)
        {
            return response.ReasonPhrase ?? "";
        }
        if (text.Length == 0) return response.ReasonPhrase ?? "";
        try
        {
            using var body = JsonDocument.Parse(text);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String)
                return error.GetString()!;
        }
        catch (JsonException)
        {
            // Not JSON: the text itself.
        }
        return text.Length <= MaxTextChars ? text : text[..MaxTextChars] + "…";
    }
}
