namespace Prosync.Actors.Continuity;

/// <summary>
/// What one kind of correction really does to one room's position, learnt from the corrections made to it.
/// Unmodified MPD does not move a room by exactly what it is asked: a pause of Δ moves a room with a <c>null</c>
/// output back by about Δ − 14.2 ms (its output buffer is dropped and refilled), one whose output closes on pause (a
/// <c>pipe</c>) by a far less predictable amount, and a relative seek lands tens of ms short (docs/continuity-measurements.md).
/// So each room keeps, per kind, the bias (actual shift − requested shift) and how much it varies, and asks for
/// what will land where it wants.
/// </summary>
public sealed class CorrectionResponse(double initialBiasMs)
{
    /// <summary>
    /// Observations before an action's landing is known well enough to choose by it: the first sets the room's bias,
    /// the next ones measure how far landings scatter around it.
    /// </summary>
    public const int ObservationsToKnow = 3;

    /// <summary>A residual this large is not the correction's: the music moved for another reason meanwhile.</summary>
    private const double ImplausibleMs = 150;

    /// <summary>Actual shift − requested shift, in ms (a pause of 10 ms that moves the room back 5 ms: +5).</summary>
    public double BiasMs { get; private set; } = initialBiasMs;

    /// <summary>How far a correction lands from where it was aimed, smoothed (ms); NaN before the first observation.</summary>
    public double DispersionMs { get; private set; } = double.NaN;

    public int Observations { get; private set; }

    /// <summary>What to request so the room moves by <paramref name="shiftMs"/> (negative: back).</summary>
    public double RequestFor(double shiftMs) => shiftMs - BiasMs;

    /// <summary>Learns from one correction: it was asked for <paramref name="requestedMs"/> and moved the room by <paramref name="actualMs"/>.</summary>
    /// <returns>False when the observation was implausible and ignored.</returns>
    public bool Observe(double requestedMs, double actualMs)
    {
        var residual = actualMs - requestedMs - BiasMs;
        if (!double.IsFinite(residual) || Math.Abs(residual) > ImplausibleMs) return false;
        Observations++;
        if (Observations == 1)
        {
            // The initial bias is a guess for another output: this room's first landing replaces it. Its residual
            // says how wrong the guess was, not how this room scatters, so it is not counted as scatter.
            BiasMs += residual;
            return true;
        }
        DispersionMs = double.IsNaN(DispersionMs) ? Math.Abs(residual) : (0.7 * DispersionMs) + (0.3 * Math.Abs(residual));
        BiasMs += 0.3 * residual;
        return true;
    }

    /// <summary>
    /// How far a correction whose landing could not be measured is taken to have missed: the music moved by an unknown
    /// amount after it (MPD's <c>pipe</c> output restarts its sink on a pause and runs hundreds of ms ahead while the
    /// new sink drains). Counting it, rather than forgetting it, is what stops such an action being tried forever as
    /// "not known yet".
    /// </summary>
    public const double LostMs = 50;

    /// <summary>Learns that a correction of this kind could not be measured: a landing as bad as <see cref="LostMs"/>.</summary>
    public void ObserveLost()
    {
        Observations++;
        DispersionMs = double.IsNaN(DispersionMs) ? LostMs : (0.7 * DispersionMs) + (0.3 * LostMs);
    }

    /// <summary>
    /// Whether moving a room by <paramref name="shiftMs"/> this way is likely to leave it closer than it is: an action
    /// known to scatter by more than <paramref name="preciseMs"/> is used only for errors of at least
    /// <paramref name="benefitFactor"/> times its scatter, so a room is not churned by corrections that land as far
    /// off as it was.
    /// </summary>
    public bool IsWorthIt(double shiftMs, double preciseMs, double benefitFactor) =>
        Observations < ObservationsToKnow || DispersionMs <= preciseMs || Math.Abs(shiftMs) >= benefitFactor * DispersionMs;

    /// <summary>Known well enough and landing within <paramref name="toleranceMs"/>.</summary>
    public bool IsPrecise(double toleranceMs) => Observations >= ObservationsToKnow && DispersionMs <= toleranceMs;
}
