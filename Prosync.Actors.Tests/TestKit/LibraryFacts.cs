using System.Security.Cryptography;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>What the library tests ask of a room's MPD and of a file's bytes.</summary>
public static class LibraryFacts
{
    /// <summary>Whether the room's MPD database lists <paramref name="path"/> (asked on its own connection).</summary>
    public static async Task<bool> InDatabaseAsync(MpdProcess room, string path) =>
        (await room.SendAsync($"lsinfo \"{path}\"")).Contains($"file: {path}\n", StringComparison.Ordinal);

    /// <summary>The SHA-256 of <paramref name="data"/>, lower-case hex, as the API and the agents report it.</summary>
    public static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
