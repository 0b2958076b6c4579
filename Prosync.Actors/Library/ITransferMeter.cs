namespace Prosync.Actors.Library;

/// <summary>
/// Where the library's real copies report, so that what they cost teaches the replica chooser: which replicas are
/// busy with a copy (the idle prober leaves them alone: it would measure the copy's contention, not the link), and,
/// once a copy is done, its bytes and time, as a throughput sample of its source.
/// </summary>
public interface ITransferMeter
{
    /// <summary>Marks a transfer to or from <paramref name="replica"/>; dispose the result when it ends.</summary>
    IDisposable BeginTransfer(string replica);

    /// <summary>
    /// A finished copy read from <paramref name="replica"/>: <paramref name="bytes"/> in <paramref name="elapsed"/>.
    /// Too small a copy says nothing of the link and is left out (<see cref="Selection.TransferSample"/>).
    /// </summary>
    void RecordCopy(string replica, string method, long bytes, TimeSpan elapsed);
}
