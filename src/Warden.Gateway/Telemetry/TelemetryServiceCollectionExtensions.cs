using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Warden.Gateway.Metrics;
using Warden.Gateway.Routing;

namespace Warden.Gateway.Telemetry;

/// <summary>Registers the gateway telemetry services.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TrafficRecorder"/> (also as <see cref="IGatewayObserver"/>),
    /// <see cref="GatewayMetrics"/>, the <see cref="TelemetryFlusher"/> hosted service, the
    /// request-log and shadow-log writers when their paths are set, and a
    /// <see cref="JsonLinesWindowSink"/> when <paramref name="windowLogPath"/> is given. Further
    /// <see cref="ITelemetryWindowSink"/>s (e.g. the SQLite store) may be registered before or
    /// after. Uses the registered <see cref="TimeProvider"/> (the system clock if none) and, when
    /// present, <see cref="IRouteTableSource"/> and <see cref="ILoggerFactory"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, TelemetryOptions options, string? windowLogPath = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        TelemetryOptionsValidator.ThrowIfInvalid(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        if (options.RequestLogPath is { } requestLog)
        {
            services.AddSingleton(sp => new JsonLinesAppender<RequestOutcome>(requestLog, RequestLogFormat.Write, Logger(sp, "Warden.Gateway.Telemetry.RequestLog")));
            services.AddHostedService(sp => sp.GetRequiredService<JsonLinesAppender<RequestOutcome>>());
        }

        if (options.ShadowLogPath is { } shadowLog)
        {
            services.AddSingleton(sp => new JsonLinesAppender<ShadowComparison>(shadowLog, ShadowLogFormat.Write, Logger(sp, "Warden.Gateway.Telemetry.ShadowLog")));
            services.AddHostedService(sp => sp.GetRequiredService<JsonLinesAppender<ShadowComparison>>());
        }

        if (windowLogPath is not null)
        {
            services.AddSingleton<ITelemetryWindowSink>(new JsonLinesWindowSink(windowLogPath));
        }

        services.AddSingleton(sp => new TrafficRecorder(
            sp.GetRequiredService<TimeProvider>(),
            options,
            new ShadowComparisons(),
            sp.GetService<JsonLinesAppender<RequestOutcome>>(),
            sp.GetService<JsonLinesAppender<ShadowComparison>>()));
        services.AddSingleton<IGatewayObserver>(sp => sp.GetRequiredService<TrafficRecorder>());
        services.AddSingleton(sp => new TelemetryFlusher(
            sp.GetRequiredService<TrafficRecorder>(),
            sp.GetServices<ITelemetryWindowSink>(),
            sp.GetRequiredService<TimeProvider>(),
            Logger(sp, "Warden.Gateway.Telemetry.Flusher")));
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryFlusher>());
        services.AddSingleton(sp => new GatewayMetrics(
            sp.GetRequiredService<TrafficRecorder>(),
            sp.GetService<IRouteTableSource>(),
            sp.GetRequiredService<TelemetryFlusher>(),
            sp.GetServices<IMetricsContributor>()));
        return services;
    }

    private static ILogger Logger(IServiceProvider services, string category) =>
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(category);
}
