using System.Globalization;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Settings.Configuration;

namespace Prosync.Host.Hosting;

/// <summary>Builds the Serilog logger from the <c>Serilog</c> configuration section.</summary>
public static class SerilogSetup
{
    private const string OutputTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Levels, overrides and sinks come from configuration. The console sink's assembly is named
    /// explicitly, so sink discovery does not depend on the deps.json surviving publishing; and if
    /// configuration names no sink at all, logs still go to the console.
    /// </summary>
    public static Serilog.Core.Logger CreateLogger(IConfiguration configuration)
    {
        var options = new ConfigurationReaderOptions(typeof(ConsoleLoggerConfigurationExtensions).Assembly)
        {
            SectionName = "Serilog",
            FormatProvider = CultureInfo.InvariantCulture,
        };
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .Filter.ByExcluding(IsHostStartupFailure)
            .ReadFrom.Configuration(configuration, options);
        if (!configuration.GetSection("Serilog:WriteTo").Exists())
        {
            logger.WriteTo.Console(outputTemplate: OutputTemplate, formatProvider: CultureInfo.InvariantCulture);
        }
        return logger.CreateLogger();
    }

    /// <summary>
    /// The generic host logs a failed start with its stack trace; <see cref="ProsyncHost"/> reports
    /// the same failure as one Fatal line (the trace at Debug), so the host's copy is dropped.
    /// </summary>
    private static bool IsHostStartupFailure(LogEvent e)
        => e.Properties.TryGetValue("SourceContext", out var source)
            && source is ScalarValue { Value: "Microsoft.Extensions.Hosting.Internal.Host" }
            && e.Properties.TryGetValue("EventId", out var id)
            && id is StructureValue eventId
            && eventId.Properties.Any(p => p is { Name: "Name", Value: ScalarValue { Value: "HostedServiceStartupFaulted" } });
}
