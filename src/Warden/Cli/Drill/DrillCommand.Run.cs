using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Warden.Core.Drills;
using Warden.Drills;

namespace Warden.Cli.Drill;

internal static partial class DrillCommand
{
    // The load runs this long before the first run, so the gateway, the backends and the guard's
    // counters are warm and the first run measures the path, not a cold start.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    private static async Task<int> RunAsync(CliEnvironment env, Request r, StoreOptions storeOptions, ParseResult parse, CancellationToken cancellationToken)
    {
        var faultBody = FaultBody(r);
        var aaDuration = ParseDuration(r.Duration, "--duration", TimeSpan.FromHours(1));
        var faultAfter = ParseDuration(r.FaultAfter, "--fault-after", TimeSpan.FromHours(1));
        if (r.Aa && aaDuration < TimeSpan.FromSeconds(1))
        {
            throw new UserInputException($"--duration {r.Duration} is too short for an A/A run; give at least 1s (60s is the default).");
        }

        var config = DrillConfigFile.Load(r.Config);
        var target = config.Target(r.Service);
        var routeName = r.OnLive ? r.Service : target.Route;
        var route = config.Gateway.Services.FirstOrDefault(s => s.Name == routeName)
            ?? throw new UserInputException(
                $"{config.Path}: gateway.services has no '{routeName}', the drill copy of {r.Service}'s route (drill.services.{r.Service}.route). Declare it with backends of its own " +
                $"(the known-good build as production, the faulty build '{target.Candidate}' beside it) and restart warden serve, or pass --on-live to drill the live route (docs/drills.md).");
        var candidate = route.Backends.FirstOrDefault(b => b.Version == target.Candidate)
            ?? throw new UserInputException(
                $"{config.Path}: gateway.services.{routeName} has no backend '{target.Candidate}' (drill.services.{r.Service}.candidate); its backends: {string.Join(", ", route.Backends.Select(b => b.Version))}. " +
                "Add the faulty build's address under its backends, or name one of them as the candidate.");
        var admin = Address(r.Gateway ?? config.Gateway.Admin.Urls[0], "--gateway");
        var trafficBase = Address(r.Traffic, "--traffic");
        var body = File.ReadAllBytes(target.RequestBody);
        await using var store = await storeOptions.OpenExistingAsync(parse, env, readOnly: false, cancellationToken, config.Store);
        using var ports = new HttpDrillPorts(admin, target.Faults, candidate.Address);
        var started = env.Time.GetUtcNow();
        DrillRouteView now;
        try
        {
            now = await ports.ReadAsync(routeName, cancellationToken);
        }
        catch (DrillStopped stopped)
        {
            throw new UserInputException(stopped.Message);
        }

        // Created once the gateway answered: a drill that cannot start leaves nothing behind.
        try
        {
            Directory.CreateDirectory(r.Out);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"--out {r.Out}: cannot create the folder ({ex.Message}); choose a writable folder.");
        }

        var setup = new DrillSetup
        {
            DrillId = DrillIds.Drill(started),
            Service = r.Service,
            Route = routeName,
            OnLive = r.OnLive,
            Candidate = target.Candidate,
            KnownGood = now.Production,
            Fault = r.Fault,
            FaultBody = faultBody,
            Runs = r.Runs,
            AaDuration = aaDuration,
            FaultAfter = faultAfter,
            Timeout = config.Drills.Timeout,
            ReadyTimeout = config.Drills.ReadyTimeout,
            WeightPercent = config.Drills.WeightPercent,
            Policy = config.Policy,
            Actor = storeOptions.ActorOf(parse),
        };
        if (setup.KnownGood == setup.Candidate)
        {
            throw new UserInputException($"the faulty build '{setup.Candidate}' is production of {routeName} in the running gateway; a drill needs a known-good version to roll back to. Put the known-good build back with 'warden route set {routeName} --production VERSION'.");
        }

        var load = new Uri(trafficBase, $"{Uri.EscapeDataString(routeName)}/{target.RequestPath}");
        var what = faultBody is null ? $"A/A (no fault), {F(aaDuration.TotalSeconds, "0.#")} s per run" : $"fault {r.Fault} {faultBody}{(faultAfter > TimeSpan.Zero ? $" after {F(faultAfter.TotalSeconds, "0.#")} s of healthy canary" : string.Empty)}";
        env.Out.WriteLine(
            $"drill {setup.DrillId} of {r.Service} on {(r.OnLive ? "its LIVE route" : $"its drill route {routeName}")}: {what}, {r.Runs} run(s); " +
            $"{setup.Candidate} at {setup.WeightPercent.ToString(CultureInfo.InvariantCulture)} % beside {setup.KnownGood}; load {F(config.Drills.LoadRate, "0.#")} req/s to {load}; " +
            $"guard's designed false-alarm level {F(config.Policy.Guard.FalseAlarm * 100, "0.##")} % per rollout phase");
        env.Out.Flush();

        // Ctrl-C or SIGTERM ends the drill between two looks, not the process at once: the run's
        // rollout is aborted (a faulty canary is not left on the route) and the runs made are written.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var traffic = new HttpDrillLoad(load, body, config.Drills.LoadRate, config.Gateway.StickyHeader, env.Time);
        var runner = new DrillRunner(store, setup, ports, ports, traffic, env.Time, line =>
        {
            env.Out.WriteLine(line);
            env.Out.Flush();
        });
        string? stoppedBy = null;
        traffic.Start();
        try
        {
            await Task.Delay(WarmUp, env.Time, interrupted.Token);
            await runner.RunAsync(interrupted.Token);
        }
        catch (DrillStopped stopped)
        {
            stoppedBy = stopped.Message;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            stoppedBy = $"interrupted; {await runner.AbortInProgressAsync(CancellationToken.None)}";
        }
        finally
        {
            traffic.Stop();
        }

        var drill = new DrillReport.Drill
        {
            DrillId = setup.DrillId,
            Service = setup.Service,
            Route = setup.Route,
            OnLive = setup.OnLive,
            Fault = setup.Fault,
            StartedAt = started,
            FinishedAt = env.Time.GetUtcNow(),
            LoadRate = config.Drills.LoadRate,
            WeightPercent = setup.WeightPercent,
            DesignedFalseAlarm = config.Policy.Guard.FalseAlarm,
            RtoObjectiveSeconds = config.Policy.Rollback.RtoMaxSeconds,
            RpoObjectiveSeconds = config.Policy.Rollback.RpoMaxSeconds,
            Runs = runner.Runs,
        };
        var file = Path.Combine(r.Out, DrillReport.File);
        await File.WriteAllTextAsync(file, DrillReport.Json(drill), cancellationToken);
        WriteSummary(env, drill, config, file);
        if (stoppedBy is not null)
        {
            env.Error.WriteLine($"error: the drill stopped after {runner.Runs.Count} of {r.Runs} run(s): {stoppedBy}");

            // 130, as a shell reports a command ended by Ctrl-C.
            return interrupted.IsCancellationRequested ? 130 : ExitCodes.BadInput;
        }

        return runner.Runs.All(run => run.Success) ? ExitCodes.Success : ExitCodes.VerificationFailed;
    }

    private static void WriteSummary(CliEnvironment env, DrillReport.Drill drill, DrillConfigFile config, string file)
    {
        var s = DrillReport.Summarize(drill.Runs);
        var rate = s.SuccessRate is { } e ? $"{F(e.Value * 100, "0.#")} % (CI95 {F(e.Low * 100, "0.#")}–{F(e.High * 100, "0.#")} %)" : "-";
        if (drill.Fault is null)
        {
            env.Out.WriteLine(
                $"A/A: {s.RolledBack} false rollback(s) in {s.Runs} run(s); designed false-alarm level {F(drill.DesignedFalseAlarm * 100, "0.##")} % per rollout phase (policy.guard.false_alarm); " +
                $"runs without a rollback {rate}; {s.FailedDuringSwitch} request(s) failed outside the faulty build");
        }
        else
        {
            var rto = s.RtoMedianSeconds is { } median
                ? $"RTO median {F(median)} s, P90 {F(s.RtoP90Seconds!.Value)} s, max {F(s.RtoMaxSeconds!.Value)} s (target ≤ {F(drill.RtoObjectiveSeconds, "0.#")} s)"
                : "no RTO measured";
            env.Out.WriteLine($"{drill.Fault}: {s.Successes} of {s.Runs} run(s) rolled back by the guard, success {rate}; {rto}; {s.FailedDuringSwitch} request(s) failed outside the faulty build");
        }

        var due = drill.FinishedAt.AddDays(config.Policy.Rollback.DrillEveryDays);
        env.Out.WriteLine($"wrote {file}; each run is a drill event in the audit log ('warden audit list --action drill'); next drill due by {due.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} (policy.rollback.drill_every_days {F(config.Policy.Rollback.DrillEveryDays, "0.#")})");
    }

    private static Uri Address(string text, string option) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UserInputException($"{option} '{text}' is not an http:// address; e.g. {option} http://127.0.0.1:8079");

    private static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);
}
