namespace Prosync.Host.Api;

/// <summary>Every failed API call answers <c>{"error": "what went wrong, in words"}</c> with a fitting status code.</summary>
public sealed record ApiError(string Error);
