using Prosync.Host.Configuration;

namespace Prosync.Host.Registry;

/// <summary>Checks the <c>Prosync:Registry</c> section and turns it into <see cref="RegistryOptions"/>.</summary>
public static class RegistryOptionsFromSettings
{
    /// <exception cref="InvalidSettingsException">A value out of range, named by its key.</exception>
    public static RegistryOptions Build(RegistrySettings settings)
    {
        if (!double.IsFinite(settings.TimeoutSeconds) || settings.TimeoutSeconds < 0.5 || settings.TimeoutSeconds > 86400)
        {
            throw new InvalidSettingsException($"Prosync:Registry:TimeoutSeconds: {settings.TimeoutSeconds} is not between 0.5 and 86400");
        }
        if (!double.IsFinite(settings.ProbeIntervalSeconds) || settings.ProbeIntervalSeconds < 1 || settings.ProbeIntervalSeconds > 86400)
        {
            throw new InvalidSettingsException($"Prosync:Registry:ProbeIntervalSeconds: {settings.ProbeIntervalSeconds} is not between 1 and 86400");
        }
        return RegistryOptions.Default with
        {
            Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds),
            ProbeInterval = TimeSpan.FromSeconds(settings.ProbeIntervalSeconds),
        };
    }
}
