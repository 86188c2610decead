using System.CommandLine;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Warden.Configuration;
using Warden.Core.Configuration;
using Warden.Core.Cycle;
using Warden.Core.Drills;
using Warden.Core.Evidence;
using Warden.Core.Guard;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Gateway.Configuration;
using Warden.Gateway.Guard;
using Warden.Gateway.Hosting;
using Warden.Gateway.Telemetry;
using Warden.Api;
using Warden.Cycle;
using Warden.Dashboard;
using Warden.Evidence.Prometheus;
using Warden.Guard;
using Warden.Hosting;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Cli.Serve;

/// <summary>
/// <c>warden serve --config warden.yaml [--urls URL]</c>: runs the gateway until Ctrl-C, SIGTERM or
/// SIGHUP, then stops gracefully (requests in flight finish, up to 10 seconds).
/// </summary>
internal static partial class ServeCommand
{
    public static Command Create(CliEnvironment env)
    {
        var config = new Option<string>("--config")
        {
            Description = "warden.yaml with a gateway: section (services, backends, routes); see docs/gateway.md.",
            DefaultValueFactory = _ => "warden.yaml",
        };
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where to listen for traffic, several separated by ';': http://HOST:PORT (HTTP/1.1, and HTTP/2 with prior knowledge: h2c, gRPC), or https://HOST:PORT when warden.yaml sets gateway.tls (HTTP/2 by ALPN, or HTTP/1.1). Default: {GatewayHostOptions.DefaultUrl}, {GatewayHostOptions.DefaultTlsUrl} with gateway.tls. Port 0 picks a free port (the ready line prints it). Loopback only unless you name another address.",
        };
        var logFormat = new Option<string>("--log-format")
        {
            Description = "How standard error logs: 'text' (one line per event) or 'json' (one JSON object per line, with the event id and every named field, for a log shipper).",
            DefaultValueFactory = _ => "text",
        };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var adminUrls = new Option<string?>("--admin-urls")
        {
            Description = $"Where the admin API (/admin/...: routes, telemetry, shadow) listens, several separated by ';'; never on --urls. Default: gateway.admin.urls, else {GatewayHostOptions.DefaultAdminUrl}. Port 0 picks a free port.",
        };
        var insecureBind = new Option<bool>("--insecure-bind")
        {
            Description = "Let the admin API listen on a non-loopback address without TLS (api.tls in warden.yaml). Only behind a TLS terminator or on a network nobody else reaches: tokens travel in clear otherwise.",
        };
        var role = new Option<string>("--role")
        {
            Description = "What this server runs: 'all' (the gateway, the rollout controller, the live guard, the heartbeat cycle and the API; the controller and the cycle act only while this server holds the lease) or 'gateway' (a replica: the gateway, its /metrics and the admin API only; it starts on the routes the store records and follows every route change any server records, at once on PostgreSQL — docs/scale-out.md).",
            DefaultValueFactory = _ => "all",
        };
        role.AcceptOnlyFromAmong("all", "gateway");
        var open = new Option<bool>("--open")
        {
            Description = $"Open the dashboard (docs/dashboard.md) in the default browser once the server passes its health check: xdg-open on Linux, open on macOS, or the command in {SystemBrowserOpener.Variable}. A browser that cannot be started is a warning, not a failure.",
        };
        var store = new StoreOptions();
        var command = new Command(
            "serve",
            "Run the gateway: route /{service}/... to production, a sticky canary share and a shadow mirror, with health checks and /metrics on --urls, and the admin API (/admin/routes, audited route changes) the REST API (/api/v1, tokens and roles, docs/api.md) and the dashboard (/, docs/dashboard.md) on its own address; runs the rollout controller (warden rollout, docs/rollouts.md), the live guard that rolls a canary or a baking promotion back on its own (docs/guard.md) — both on this gateway's own traffic, or on every replica's as Prometheus scrapes it with evidence.source: prometheus (docs/telemetry.md) — and, when warden.yaml has a cycle: section, the heartbeat cycle on start and every cycle.interval (docs/cycle.md). Stops gracefully on Ctrl-C, SIGTERM or SIGHUP.")
        {
            config, urls, adminUrls, insecureBind, logFormat, role, open,
        };
        store.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            env, parse.GetValue(config)!, parse.GetValue(urls), parse.GetValue(adminUrls), parse.GetValue(insecureBind), parse.GetValue(logFormat) == "json", parse.GetValue(role) == "gateway", parse.GetValue(open), store.ActorOf(parse),
            DataDirectory.Resolve(parse.GetValue(store.DataDir)), (configured, ct) => store.OpenAsync(parse, env, ct, configured), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        CliEnvironment env, string configPath, string? urlList, string? adminUrlList, bool insecureBind, bool jsonLogs, bool replica, bool open, string actor, string dataDirectory,
        Func<StoreSettings, CancellationToken, ValueTask<IWardenStore>> openStore, CancellationToken cancellationToken)
    {
        var (options, policy, rollouts, cycle, drills, api, evidence, storeSettings, sections) = Load(configPath);
        var urls = urlList is null ? ServeUrls.DefaultTraffic(options.Tls is not null) : ServeUrls.Parse(urlList, "--urls");
        var adminUrls = adminUrlList is null ? options.Admin.Urls : ServeUrls.Parse(adminUrlList, "--admin-urls");

        // Refused before anything is opened: the store, the listeners and the certificates.
        if (ServeUrls.TlsRefusal(urls, options.Tls is not null) is { } mismatch)
        {
            throw new UserInputException(mismatch);
        }

        if (AdminBindRule.Refusal(adminUrls, adminUrlList is null ? "gateway.admin.urls" : "--admin-urls", api.Tls is not null, insecureBind) is { } refusal)
        {
            throw new UserInputException(refusal);
        }

        using var trafficCertificate = options.Tls is { } traffic ? ListenerCertificate.Load("gateway.tls", traffic.CertificatePath, traffic.KeyPath) : null;
        using var adminCertificate = api.Tls is { } tls ? ListenerCertificate.Load("api.tls", tls.CertificatePath, tls.KeyPath) : null;
        var observer = new CountingGatewayObserver();
        var guardCounters = new GuardCounters(RollbackTriggers.LatencyTriggerMs(policy));
        await using var store = await openStore(storeSettings, cancellationToken);
        var gate = new StoreRouteChangeGate(store, policy.VerdictMaxAge, actor, recordStart: !replica);

        // Prometheus, when warden.yaml names it the evidence source: every replica's traffic as one.
        using var prometheusHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var prometheus = PrometheusEvidence.Query(evidence, prometheusHttp, env.Time);
        var controller = new RolloutControllerOptions
        {
            Rollouts = rollouts,
            Policy = policy,
            Evidence = prometheus is null ? null : new PrometheusTrafficEvidence(prometheus),
            Holder = ControllerHolder(),
            ReportsDirectory = Path.Combine(dataDirectory, "reports"),
            AfterStore = KillAfter(Environment.GetEnvironmentVariable("WARDEN_FAULT_KILL_AFTER")),
        };
        var heartbeat = new ServeCycle(cycle, drills);
        (PrometheusTrafficQuery, TimeSpan)? guardSource = prometheus is null ? null : (prometheus, evidence.Prometheus!.Refresh);
        return await RunAsync(env, options, urls, adminUrls, (trafficCertificate, adminCertificate), gate, observer, guardCounters, guardSource, store, controller, heartbeat, jsonLogs, (configPath, sections), dataDirectory, replica, open);
    }

    private static async Task<int> RunAsync(
        CliEnvironment env, GatewayOptions options, IReadOnlyList<string> urls, IReadOnlyList<string> adminUrls,
        (X509Certificate2? Traffic, X509Certificate2? Admin) certificates, StoreRouteChangeGate gate, CountingGatewayObserver observer,
        GuardCounters guardCounters, (PrometheusTrafficQuery Query, TimeSpan Refresh)? prometheus, IWardenStore store, RolloutControllerOptions controllerOptions, ServeCycle heartbeat, bool jsonLogs,
        (string Path, IReadOnlyList<string> Sections) config, string dataDirectory, bool replica, bool open)
    {
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            // Stop gracefully instead of letting the runtime end the process at once.
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        // A closed terminal or a supervisor's reload sends SIGHUP; without a handler the runtime
        // ends the process at once, cutting requests in flight and skipping the summary line.
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

        var apiRefusals = new ApiRefusals();
        GatewayHost? self = null;

        // The guard keeps its recent readings for GET /api/v1/guard; the API reads them while this
        // server holds the controller's lease (the controller starts once the gateway listens).
        var guardReadings = new GuardReadingLog(env.Time);
        RolloutController? leader = null;
        var commands = new CommandEndpointOptions
        {
            DataDirectory = Path.GetFullPath(dataDirectory),
            ConfigPath = Path.GetFullPath(config.Path),
            Policy = controllerOptions.Policy,
            Evidence = controllerOptions.Evidence,

            // The API's route and drill commands act on this server's own gateway (its first addresses).
            Extra = command => self is null ? [] : command switch
            {
                "route show" or "route set" => [("--gateway", self.AdminAddresses[0])],
                "drill" => [("--gateway", self.AdminAddresses[0]), ("--traffic", self.Addresses[0]), ("--out", Path.Combine(Path.GetFullPath(dataDirectory), "reports", "drills"))],
                _ => [],
            },
        };
        await using var host = GatewayHost.Create(new GatewayHostOptions
        {
            Gateway = options,
            // The guard counts every request as it completes, in process: it acts within its
            // interval, not a telemetry flush later.
            Observer = new FanOutObserver(observer, guardCounters),
            Urls = urls,
            AdminUrls = adminUrls,
            TrafficCertificate = certificates.Traffic,
            AdminCertificate = certificates.Admin,

            // Every route change passes the promotion rule and is audited before it is published.
            RouteChanges = gate,
            Time = env.Time,

            // The dashboard's page and files, on the admin listener only, behind its Host and Origin checks.
            AdminPages = DashboardEndpoints.IsDashboardPath,
            ConfigureLogging = logging => Quiet(logging, jsonLogs),

            // Telemetry: windows in memory for /metrics and /admin/telemetry, flushed to the
            // store's telemetry_windows table; request and shadow logs when configured.
            ConfigureServices = services =>
            {
                services.AddGatewayTelemetry(options.Telemetry);
                services.AddSingleton<ITelemetryWindowSink>(new StoreWindowSink(store));
                services.AddApi();
                services.AddSingleton<Warden.Gateway.Metrics.IMetricsContributor>(apiRefusals);
            },
            MapEndpoints = endpoints =>
            {
                endpoints.MapTelemetryEndpoints();
                ApiHosting.Map(endpoints, store, commands, env.Time, refusals: apiRefusals, guardReadings: guardReadings, leading: () => leader?.Fence);
                DashboardEndpoints.Map(endpoints, DashboardAssets.Embedded);
            },
        });
        self = host;

        // Every server follows the routes any server of the store records; a replica starts on them.
        var follower = new StoreRouteFollower(
            store, host.Updater, [.. options.Services.Select(s => s.Name)], env.Time, host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Warden.Routes.Follower"));
        if (replica)
        {
            await follower.CatchUpAsync(stop.Token).ConfigureAwait(false);
        }

        try
        {
            await host.StartAsync(stop.Token).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new UserInputException(CannotListen(urls, adminUrls, ex));
        }

        // What this server runs with, on standard error before the ready line, secrets masked.
        ServeConfigurationSummary.Log(
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Warden.Serve"), config.Path, options, host.Addresses, host.AdminAddresses, config.Sections);

        env.Out.WriteLine(
            $"warden gateway listening on {string.Join(", ", host.Addresses)}, admin API on {string.Join(", ", host.AdminAddresses)} " +
            $"(services: {host.Backends.ServiceList}; telemetry windows to {store.Location}; " +
            (replica ? $"replica: routes follow {store.Location})" : $"rollout controller {controllerOptions.Holder})"));
        var dashboard = DashboardOpening.Url(host.AdminAddresses);
        env.Out.WriteLine($"dashboard: {dashboard.AbsoluteUri}");
        env.Out.Flush();
        using var healthCheck = DashboardOpening.Handler(certificates.Traffic, certificates.Admin);
        var opening = open
            ? DashboardOpening.RunAsync(
                dashboard, new Uri(Listener(host.Addresses), "healthz"), healthCheck, new SystemBrowserOpener(env.Variable),
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Warden.Serve"), env.Time, stop.Token)
            : Task.FromResult(false);
        var following = follower.RunAsync(stop.Token);
        if (replica)
        {
            await WaitForStopAsync(env.Time, stop.Token).ConfigureAwait(false);
            await following.ConfigureAwait(false);
            await opening.ConfigureAwait(false);
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            WriteStopped(env, observer);
            return ExitCodes.Success;
        }

        // The rollout controller acts on this gateway's route table through the same audited
        // updater as the admin API; its loop ends with the gateway (and gives its lease up).
        var controller = new RolloutController(
            store,
            new GatewayTrafficProvider(host.Routes, host.Updater),
            new BundleOfflineEvidence(store, controllerOptions.Policy, env.Time),
            host.Services.GetService<TrafficRecorder>() is { } recorder ? new GatewayShadowScores(recorder.Shadows) : null,
            controllerOptions,
            env.Time,
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Warden.Rollouts.Controller"));
        leader = controller;
        var controlling = controller.RunAsync(stop.Token);

        // The live guard acts under the controller's lease, on the same route table. With Prometheus
        // as the evidence source it counts every replica's requests; the backend's health stays this server's.
        IGuardSignals signals = new GatewayGuardSignals(guardCounters, host.Backends);
        if (prometheus is { } source)
        {
            signals = new PrometheusGuardSignals(
                source.Query, signals, source.Refresh, RollbackTriggers.LatencyTriggerMs(controllerOptions.Policy), controllerOptions.Policy.Confidence);
        }

        var guard = new RolloutGuard(
            store,
            new GatewayTrafficProvider(host.Routes, host.Updater),
            signals,
            () => controller.Fence,
            new RolloutGuardOptions
            {
                Policy = controllerOptions.Policy,
                Holder = controllerOptions.Holder,
                ReportsDirectory = controllerOptions.ReportsDirectory,
                AfterStore = controllerOptions.AfterStore,
                RouteGate = controllerOptions.RouteGate,
                Readings = guardReadings,
            },
            env.Time,
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Warden.Guard"));
        var guarding = guard.RunAsync(stop.Token);

        // The heartbeat cycle runs on the leading server (the controller's lease), on start and then
        // every cycle.interval, and when 'warden cycle run' asks; its own lease keeps it to one at a time.
        using var metadataClient = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        var cycle = new HeartbeatCycle(
            store,
            new CyclePorts
            {
                Services = new GatewayCycleServices(options, host.Routes, heartbeat.DrillRoutes),
                Metadata = new HttpModelMetadataSource(metadataClient),
                Traffic = new GatewayTrafficProvider(host.Routes, host.Updater),
                ShadowScores = host.Services.GetService<TrafficRecorder>() is { } shadows ? new GatewayShadowScores(shadows.Shadows) : null,

                // A cycle's drill goes through this server's own gateway over HTTP, as 'warden drill' does.
                Drills = new ServeCycleDrills(
                    store, options, heartbeat.Drills, controllerOptions.Policy, Listener(host.AdminAddresses), Listener(host.Addresses), controllerOptions.Holder, env.Time),
            },
            new HeartbeatCycleOptions
            {
                Cycle = heartbeat.Options,
                Policy = controllerOptions.Policy,
                Rollouts = controllerOptions.Rollouts,
                Holder = controllerOptions.Holder,
                ReportsDirectory = controllerOptions.ReportsDirectory,
                RouteGate = controllerOptions.RouteGate,
                Prometheus = prometheus?.Query,
            },
            env.Time,
            loggers.CreateLogger("Warden.Cycle"));
        var scheduler = new CycleScheduler(store, cycle, heartbeat.Options, () => controller.Fence, env.Time, loggers.CreateLogger("Warden.Cycle.Scheduler"));

        // Without a cycle: section nobody asked for drills and cycle-initiated rollbacks: no cycle runs.
        var cycling = heartbeat.Options.Enabled ? scheduler.RunAsync(stop.Token) : Task.CompletedTask;
        await WaitForStopAsync(env.Time, stop.Token).ConfigureAwait(false);
        await cycling.ConfigureAwait(false);
        await guarding.ConfigureAwait(false);
        await controlling.ConfigureAwait(false);
        await following.ConfigureAwait(false);
        await opening.ConfigureAwait(false);
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        WriteStopped(env, observer);
        return ExitCodes.Success;
    }

    private static async Task WaitForStopAsync(TimeProvider time, CancellationToken stop)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C, SIGTERM or SIGHUP.
        }
    }

    private static void WriteStopped(CliEnvironment env, CountingGatewayObserver observer) => env.Error.WriteLine(
        $"warden gateway stopped: {observer.Requests} requests ({observer.Errors} failed), " +
        $"{observer.Comparisons} shadow comparisons, {observer.Count(GatewayEvent.ShadowDropped)} mirrors dropped, " +
        $"{observer.Count(GatewayEvent.RouteChanged)} route changes");

    private static Uri Listener(IEnumerable<string> addresses) => new(addresses.First().TrimEnd('/') + "/");

    /// <summary>This server's name in the controller lease and the audit log: host, process id and a random suffix (a restarted process on the same pid is another holder).</summary>
    internal static string ControllerHolder() =>
        $"warden-controller@{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    // Test-only fault injection (docs/rollouts.md): SIGKILL right after a transition's commit.
    private static Action<string>? KillAfter(string? action) => string.IsNullOrEmpty(action) ? null : stored =>
    {
        if (stored == action)
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            self.Kill();
        }
    };

    // The whole warden.yaml is read once and every section checked, the policy too, so a gateway
    // does not run for days on a file whose policy the next verdict refuses.
    private static (GatewayOptions Gateway, VerdictPolicy Policy, RolloutOptions Rollouts, CycleOptions Cycle, DrillOptions Drills, ApiOptions Api, EvidenceOptions Evidence, StoreSettings Store, IReadOnlyList<string> Sections) Load(string path)
    {
        var file = ServerConfigFile.Load(path, "warden.yaml with a gateway: section", "the gateway was not started");
        return (
            file.Get<GatewayOptions>(GatewayConfigLoader.Section),
            file.Get<VerdictPolicy>(PolicyLoader.Section),
            file.Get<RolloutOptions>(RolloutConfigLoader.Section),
            file.Get<CycleOptions>(CycleConfigLoader.Section),
            file.Get<DrillOptions>(DrillConfigLoader.Section),
            file.Get<ApiOptions>(ApiConfigLoader.Section),
            file.Get<EvidenceOptions>(EvidenceConfigLoader.Section),
            file.Get<StoreSettings>(StoreConfigLoader.Section),
            file.Written);
    }
}
