namespace Prosync.Actors.Protocol;

/// <summary>
/// One <c>binary: N</c> payload inside a response and where it sat: <see cref="LineIndex"/> is the number of
/// <see cref="MpdResponse.Lines"/> that came before it. A single command sends at most one chunk (albumart,
/// readpicture), but a command list with several of them carries one per command, between its <c>list_OK</c> lines.
/// </summary>
public readonly record struct BinaryChunk(int LineIndex, ReadOnlyMemory<byte> Data);
