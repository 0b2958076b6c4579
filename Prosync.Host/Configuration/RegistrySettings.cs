namespace Prosync.Host.Configuration;

/// <summary>The <c>Prosync:Registry</c> section: agents' registrations and replica measurements.</summary>
public sealed class RegistrySettings
{
    /// <summary>Seconds without a keepalive after which an agent's room is dropped.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds between measurements of an idle replica.</summary>
    public double ProbeIntervalSeconds { get; set; } = 30;
}
