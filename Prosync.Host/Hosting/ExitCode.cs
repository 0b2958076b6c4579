namespace Prosync.Host.Hosting;

/// <summary>Process exit codes, so scripts and service managers can tell a typo from a crash.</summary>
public static class ExitCode
{
    public const int Ok = 0;

    /// <summary>The proxy failed at run time (could not bind its port, an unexpected error).</summary>
    public const int Failed = 1;

    /// <summary>Bad flags or configuration; nothing was started.</summary>
    public const int BadUsage = 2;
}
