using System.Globalization;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Rooms;

/// <summary>An output id argument, parsed as MPD parses it (strtoul: "-1" is a huge number, not a bad one).</summary>
public static class OutputArgument
{
    /// <summary>The id, or MPD's own error for the argument.</summary>
    public static bool TryParse(string command, string argument, out int id, out MpdError? error)
    {
        id = -1;
        error = null;
        var text = argument.TrimStart();
        var negative = text.StartsWith('-');
        var digits = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            error = new MpdError(AckCode.Arg, 0, command, "Integer expected: " + argument);
            return false;
        }
        var tooLarge = !ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                       || value > uint.MaxValue || (negative && value != 0);
        if (tooLarge)
        {
            error = new MpdError(AckCode.Arg, 0, command, "Number too large: " + argument);
            return false;
        }
        id = (int)Math.Min(value, int.MaxValue); // past any room's id: "No such audio output"
        return true;
    }
}
