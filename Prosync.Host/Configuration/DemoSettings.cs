namespace Prosync.Host.Configuration;

/// <summary>
/// <c>Prosync:Demo</c>: the demo runs three local MPD rooms behind simulated latency. It starts by itself when no
/// server is configured; <see cref="Enabled"/> (<c>--demo</c>) forces it.
/// </summary>
public sealed class DemoSettings
{
    public bool Enabled { get; set; }

    /// <summary>Open the dashboard in the desktop's browser (<c>--no-browser</c> turns it off).</summary>
    public bool OpenBrowser { get; set; } = true;
}
