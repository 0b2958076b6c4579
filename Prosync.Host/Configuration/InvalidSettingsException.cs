namespace Prosync.Host.Configuration;

/// <summary>
/// A flag, configuration value or servers-file line that Prosync cannot use. The message is
/// written for the person who typed it: the host prints it without a stack trace and exits 2.
/// </summary>
public sealed class InvalidSettingsException(string message) : Exception(message);
