using Microsoft.Extensions.Logging;

namespace Warden.Cli.Serve;

/// <summary>The lines <c>warden serve</c> logs itself (event ids 4000–4099, <see cref="EventIds"/>).</summary>
internal static partial class ServeLog
{
    [LoggerMessage(EventIds.ServeConfiguration, LogLevel.Information,
        "Configuration {Config}: listening on {Listeners}, admin API on {AdminListeners}; services {Services}; sections {Sections}; request log {RequestLog}, shadow log {ShadowLog}, redacted fields {Redacted}")]
    public static partial void Configuration(
        ILogger logger, string config, string listeners, string adminListeners, string services, string sections, string requestLog, string shadowLog, string redacted);

    [LoggerMessage(EventIds.DashboardOpened, LogLevel.Information, "Dashboard {Url} opened with {Opener}")]
    public static partial void DashboardOpened(ILogger logger, string url, string opener);

    [LoggerMessage(EventIds.DashboardNotOpened, LogLevel.Warning, "Dashboard not opened: {Reason}; open {Url} in a browser yourself")]
    public static partial void DashboardNotOpened(ILogger logger, string reason, string url);
}
