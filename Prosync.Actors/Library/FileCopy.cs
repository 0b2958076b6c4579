namespace Prosync.Actors.Library;

/// <summary>One file to bring to <paramref name="Targets"/>, from the first of <paramref name="Sources"/> that works (best first).</summary>
public sealed record FileCopy(string Path, IReadOnlyList<string> Sources, IReadOnlyList<string> Targets);
