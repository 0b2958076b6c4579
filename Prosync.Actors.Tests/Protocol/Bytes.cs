using System.Text;

namespace Prosync.Actors.Tests.Protocol;

internal static class Bytes
{
    /// <summary>Latin-1 view: every char 0..255 is one byte, so test data can spell raw bytes ("\u00ff") in a string.</summary>
    public static byte[] Raw(string s) => Encoding.Latin1.GetBytes(s);

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
