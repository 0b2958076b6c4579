using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Prosync.Actors.Tests.Protocol;

/// <summary>FsCheck generators biased towards the characters that matter to MPD's framing and quoting.</summary>
internal static class Generators
{
    private static readonly char[] Tricky =
    [
        '"', '\\', '\'', ' ', '\t', '\r', '\u0001', '\u001f', '\u007f', '{', '}', '[', ']', '@', ':', 'a', 'Z', '0',
        'ä', 'é', '日', '\u00a0', '\u2028', '\uFFFD', '\uFEFF',
    ];

    /// <summary>Any UTF-16 string (FsCheck's, lone surrogates included) or one built from <see cref="Tricky"/> characters and emoji.</summary>
    public static Gen<string> AnyString =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
            Gen.ListOf(Gen.OneOf(Gen.Elements(Tricky).Select(c => c.ToString()), Gen.Elements("🎵", "\U0001F600", "\"\\", "\\\"")))
                .Select(parts => string.Concat(parts)));

    /// <summary>A name MPD's tokenizer accepts as a command: a-z, then letters, digits and '_'.</summary>
    public static Gen<string> CommandName =>
        from first in Gen.Elements("abcdefghijklmnopqrstuvwxyz".ToCharArray())
        from rest in Gen.ListOf(Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_".ToCharArray()))
        select first + new string([.. rest]);

    /// <summary>Binary payloads, including ones that contain protocol text.</summary>
    public static Gen<byte[]> Payload =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => b ?? []),
            Gen.Elements("\nOK\n", "ACK [5@0] {} x\n", "binary: 3\n", "\n", "", "list_OK\n").Select(Encoding.UTF8.GetBytes),
            Gen.ListOf(Gen.Elements("\nOK\n", "ACK [", "\n", "binary: 9\n", "x")).Select(p => Encoding.UTF8.GetBytes(string.Concat(p))));

    public static bool IsValidUtf16(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                    return false;
                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return false;
            }
        }
        return true;
    }
}
