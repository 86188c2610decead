using System.Globalization;
using Microsoft.Extensions.Logging;
using Warden.Core.Privacy;
using Warden.Gateway.Configuration;
using Warden.Gateway.Routing;

namespace Warden.Cli.Serve;

/// <summary>
/// What <c>warden serve</c> runs with, as one log line at start (<see cref="ServeLog.Configuration"/>):
/// listeners, services with their backends and roles, the sections the file writes, the logs and
/// the redacted fields. Every address goes through <see cref="SensitiveFields.MaskUrl"/>, so a
/// user name, password or secret query parameter in it (or a parameter named in
/// <c>gateway.telemetry.redact</c>) is written as <c>[redacted]</c>.
/// </summary>
internal static class ServeConfigurationSummary
{
    /// <summary>Logs the line.</summary>
    public static void Log(
        ILogger logger, string configPath, GatewayOptions options, IEnumerable<string> listeners, IEnumerable<string> adminListeners, IReadOnlyList<string> sections)
    {
        var fields = new SensitiveFields(options.Telemetry.Redact);
        ServeLog.Configuration(
            logger,
            configPath,
            Addresses(fields, listeners),
            Addresses(fields, adminListeners),
            Services(fields, options),
            sections.Count == 0 ? "none" : string.Join(", ", sections),
            options.Telemetry.RequestLogPath ?? "none",
            options.Telemetry.ShadowLogPath ?? "none",
            fields.Names.Count == 0 ? "none" : string.Join(", ", fields.Names));
    }

    /// <summary>The services as <c>ranker: v1 http://127.0.0.1:8091/ (production), v2 http://127.0.0.1:8092/ (shadow)</c>, separated by <c>; </c>.</summary>
    internal static string Services(SensitiveFields fields, GatewayOptions options) =>
        string.Join("; ", options.Services.Select(s => $"{s.Name}: {string.Join(", ", s.Backends.Select(b => Backend(fields, s.Route, b)))}"));

    private static string Backend(SensitiveFields fields, ServiceRoute route, BackendTarget backend)
    {
        var address = fields.MaskUrl(backend.Address.OriginalString);
        var role = Role(route, backend.Version);
        return role is null ? $"{backend.Version} {address}" : $"{backend.Version} {address} ({role})";
    }

    private static string? Role(ServiceRoute route, string version)
    {
        if (route.Production.Version == version)
        {
            return "production";
        }

        if (route.Canary?.Version == version)
        {
            return string.Create(CultureInfo.InvariantCulture, $"canary {route.CanaryBasisPoints / 100.0} %");
        }

        return route.Shadow?.Version == version ? "shadow" : null;
    }

    private static string Addresses(SensitiveFields fields, IEnumerable<string> urls) => string.Join(", ", urls.Select(fields.MaskUrl));
}
