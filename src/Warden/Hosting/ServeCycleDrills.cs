using System.Globalization;
using Warden.Core.Drills;
using Warden.Core.Policy;
using Warden.Cycle;
using Warden.Drills;
using Warden.Gateway.Configuration;
using Warden.Storage;

namespace Warden.Hosting;

/// <summary>
/// The cycle's drills inside <c>warden serve</c>: one error-fault run on the service's drill route,
/// against this server's own gateway over HTTP (the admin API and the traffic listener), exactly
/// as <c>warden drill SERVICE --fault errors</c> runs it — the same runner, load and records.
/// </summary>
internal sealed class ServeCycleDrills(
    IWardenStore store, GatewayOptions gateway, DrillOptions drills, VerdictPolicy policy, Uri admin, Uri traffic, string actor, TimeProvider time) : ICycleDrills
{
    /// <inheritdoc />
    public bool CanDrill(string service) =>
        drills.Services.TryGetValue(service, out var target) && gateway.Services.Any(s => s.Name == target.Route && s.Backends.Any(b => b.Version == target.Candidate));

    /// <inheritdoc />
    public async ValueTask<CycleDrillOutcome> RunAsync(string service, CancellationToken cancellationToken)
    {
        var target = drills.Services[service];
        var route = gateway.Services.First(s => s.Name == target.Route);
        var candidate = route.Backends.First(b => b.Version == target.Candidate);
        using var ports = new HttpDrillPorts(admin, target.Faults, candidate.Address);
        var now = await ports.ReadAsync(target.Route, cancellationToken).ConfigureAwait(false);
        var setup = new DrillSetup
        {
            DrillId = DrillIds.Drill(time.GetUtcNow()),
            Service = service,
            Route = target.Route,
            OnLive = false,
            Candidate = target.Candidate,
            KnownGood = now.Production,
            Fault = "errors",
            FaultBody = DrillFaults.Start("errors", DrillFaults.DefaultRate, DrillFaults.DefaultDelayMs),
            Runs = 1,
            AaDuration = TimeSpan.FromSeconds(60),
            FaultAfter = TimeSpan.Zero,
            Timeout = drills.Timeout,
            ReadyTimeout = drills.ReadyTimeout,
            WeightPercent = drills.WeightPercent,
            Policy = policy,
            Actor = actor,
        };
        var body = await File.ReadAllBytesAsync(target.RequestBody, cancellationToken).ConfigureAwait(false);
        using var load = new HttpDrillLoad(new Uri(traffic, $"{Uri.EscapeDataString(target.Route)}/{target.RequestPath}"), body, drills.LoadRate, gateway.StickyHeader, time);
        var runner = new DrillRunner(store, setup, ports, ports, load, time, _ => { });
        load.Start();
        try
        {
            // Warm, as warden drill does: the first run measures the path, not a cold start.
            await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken).ConfigureAwait(false);
            await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DrillStopped stopped)
        {
            return new CycleDrillOutcome(false, $"drill {setup.DrillId} could not run: {stopped.Message}", [setup.DrillId]);
        }
        catch (OperationCanceledException)
        {
            await runner.AbortInProgressAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            load.Stop();
        }

        if (runner.Runs.Count == 0)
        {
            return new CycleDrillOutcome(false, $"drill {setup.DrillId} made no run", [setup.DrillId]);
        }

        var run = runner.Runs[0];
        var rto = run.RtoSeconds is { } seconds ? seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "none";
        return new CycleDrillOutcome(
            run.Success,
            run.Success
                ? $"{run.RunId}: errors fault rolled back by {run.Trigger} ({run.RollbackRunId}), RTO {rto}, {run.FailedByFault} request(s) failed by the fault"
                : $"{run.RunId}: FAILED ({run.Problem ?? "not rolled back in time"})",
            [run.RunId, .. run.RollbackRunId is { } rb ? [rb] : Array.Empty<string>()]);
    }
}
