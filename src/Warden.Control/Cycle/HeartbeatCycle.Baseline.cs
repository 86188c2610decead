using Warden.Channels;
using Warden.Core.Cycle;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Core.Verdicts;
using Warden.Registry;
using Warden.Rollouts;

namespace Warden.Cycle;

internal sealed partial class HeartbeatCycle
{
    private const string InfraGuardian = "Infra Guardian";
    private const string LatencyAnalyst = "Latency Analyst";
    private const string ComplianceMonitor = "Compliance Monitor";

    // The three reviewers of production, in parallel; each step that cannot run is a problem, not an end.
    private async Task<CyclePhaseResult> BaselineAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        await LoadOfflineAsync(context, problems, cancellationToken).ConfigureAwait(false);
        var reviews = await Task.WhenAll(
            InfraAsync(context, cancellationToken),
            LatencyAsync(context, cancellationToken),
            ComplianceAsync(context, cancellationToken)).ConfigureAwait(false);
        var findings = reviews.SelectMany(r => r.Findings).ToList();
        problems.AddRange(reviews.SelectMany(r => r.Problems));
        var fails = findings.Count(f => f.Status == "FAIL");
        return Phase(
            CyclePhases.Baseline,
            StatusOf(Math.Max(1, context.Services.Count * 3), problems.Count),
            $"{context.Services.Count} production version(s) checked by {InfraGuardian}, {LatencyAnalyst} and {ComplianceMonitor}: {findings.Count} finding(s), {fails} FAIL",
            findings,
            problems);
    }

    // cycle.services.SERVICE.evidence, read as warden verdict reads a bundle (registry facts as of now).
    private async ValueTask LoadOfflineAsync(CycleContext context, List<string> problems, CancellationToken cancellationToken)
    {
        var collector = new BundleOfflineEvidence(store, options.Policy, time);
        foreach (var service in context.Services)
        {
            if (options.Cycle.For(service.Name).Evidence is not { } path)
            {
                continue;
            }

            try
            {
                context.Offline[service.Name] = await collector.CollectAsync(path, service.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                problems.Add($"{service.Name}: the latest evaluation {path} (cycle.services.{service.Name}.evidence) could not be read: {ex.Message}");
            }
        }
    }

    private async Task<Review> InfraAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var review = new Review();
        var registry = new ModelRegistry(store);
        foreach (var service in context.Services)
        {
            try
            {
                var version = await store.ReadAsync((tx, ct) => tx.Registry.FindAsync(service.Name, service.Production, ct), cancellationToken).ConfigureAwait(false);
                if (version is null)
                {
                    review.Add(InfraGuardian, service.Name, service.Production, "artifact.sha256", "INCONCLUSIVE", $"{service.Name} {service.Production} is not in the registry: nothing to check its artifact against (warden registry add).");
                    continue;
                }

                var verified = await registry.VerifyAsync(service.Name, service.Production, options.Holder, cancellationToken).ConfigureAwait(false);
                var artifact = verified.Verification;
                review.Add(
                    InfraGuardian,
                    service.Name,
                    service.Production,
                    "artifact.sha256",
                    artifact.Matched ? "PASS" : "FAIL",
                    artifact.Matched
                        ? $"{artifact.ArtifactPath}: sha256 {artifact.Expected[..12]}… matches the registry"
                        : $"{artifact.ArtifactPath}: {artifact.Problem ?? $"sha256 {artifact.Sha256Read?[..12]}… differs from the registered {artifact.Expected[..12]}…"}; the version is marked tampered",
                    [$"evt-{verified.AuditSequence}"]);
                review.Add(EnvironmentFinding(service, version.Lineage.Environment));
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                review.Problems.Add($"{InfraGuardian}, {service.Name}: {ex.Message}");
            }
        }

        await PublishReviewAsync(context, ChannelNames.Baseline, "baseline", InfraGuardian, review, cancellationToken).ConfigureAwait(false);
        return review;
    }

    private static CycleFinding EnvironmentFinding(CycleService service, EnvironmentRecord? environment)
    {
        if (environment is null)
        {
            return Finding(InfraGuardian, service.Name, service.Production, "environment.sha256", "INCONCLUSIVE", "no environment manifest was registered with this version (warden registry add --env).");
        }

        var (digest, problem) = ArtifactHasher.TryHash(environment.Path);
        return digest is null
            ? Finding(InfraGuardian, service.Name, service.Production, "environment.sha256", "FAIL", $"{environment.Path}: {problem}; the environment production runs in cannot be reproduced from the registry.")
            : digest.Sha256 == environment.Sha256
                ? Finding(InfraGuardian, service.Name, service.Production, "environment.sha256", "PASS", $"{environment.Path}: sha256 {environment.Sha256[..12]}… as registered")
                : Finding(InfraGuardian, service.Name, service.Production, "environment.sha256", "FAIL", $"{environment.Path}: sha256 {digest.Sha256[..12]}…, registered {environment.Sha256[..12]}…: the environment changed since the version was registered.");
    }

    private async Task<Review> LatencyAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var review = new Review();
        foreach (var service in context.Services)
        {
            try
            {
                var windows = await store.ReadAsync((tx, ct) => tx.TelemetryWindows.ReadAsync(service.Name, service.Production, context.WindowFrom, context.StartedAt, ct), cancellationToken).ConfigureAwait(false);
                var production = windows.Where(w => w.Arm == TrafficArm.Production).ToList();
                var traffic = ArmTraffic.Of(service.Production, production);
                lock (context)
                {
                    context.Production[service.Name] = (traffic, production.Sum(w => w.ComplianceJudged), production.Sum(w => w.ComplianceOk));
                }

                var (checks, measured) = options.Prometheus is { } prometheus
                    ? await MeasureAsync(prometheus, context, service, cancellationToken).ConfigureAwait(false)
                    : (ProductionSlo.Latency(traffic, options.Policy), []);
                foreach (var check in checks)
                {
                    var finding = FromCheck(LatencyAnalyst, service.Name, service.Production, check);
                    review.Add(measured.Count == 0 ? finding : finding with { EvidenceIds = [.. finding.EvidenceIds, .. measured] });
                    Breach(context, service.Name, check);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                review.Problems.Add($"{LatencyAnalyst}, {service.Name}: {ex.Message}");
            }
        }

        await PublishReviewAsync(context, ChannelNames.Latency, "latency", LatencyAnalyst, review, cancellationToken).ConfigureAwait(false);
        return review;
    }

    // Production's live latency and error rate from Prometheus (every replica): a failed query or no
    // series makes both checks INCONCLUSIVE with the reason; the prom: ids go with the findings.
    private async ValueTask<(IReadOnlyList<CheckResult> Checks, IReadOnlyList<string> Evidence)> MeasureAsync(
        Evidence.Prometheus.PrometheusTrafficQuery prometheus, CycleContext context, CycleService service, CancellationToken cancellationToken)
    {
        if (context.StartedAt - context.WindowFrom < TimeSpan.FromMilliseconds(1))
        {
            return (ProductionSlo.Unmeasured("the cycle's window is empty", options.Policy), []);
        }

        var m = await prometheus.MeasureAsync(service.Name, service.Production, TrafficArm.Production, context.WindowFrom, context.StartedAt, options.Policy.Confidence, cancellationToken).ConfigureAwait(false);
        return m.Status == Evidence.Prometheus.PrometheusQueryStatus.Samples
            ? (ProductionSlo.Latency(m.Requests, m.Errors, m.P95, options.Policy), m.Provenance)
            : (ProductionSlo.Unmeasured(m.Reason ?? "no data", options.Policy), m.Provenance);
    }

    private async Task<Review> ComplianceAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var review = new Review();
        foreach (var service in context.Services)
        {
            try
            {
                var windows = await store.ReadAsync((tx, ct) => tx.TelemetryWindows.ReadAsync(service.Name, service.Production, context.WindowFrom, context.StartedAt, ct), cancellationToken).ConfigureAwait(false);
                var production = windows.Where(w => w.Arm == TrafficArm.Production).ToList();
                var evaluated = OfflineArm(context, service.Name, service.Production)?.Compliance;
                var check = ProductionSlo.Compliance(production.Sum(w => w.ComplianceJudged), production.Sum(w => w.ComplianceOk), evaluated, options.Policy);
                review.Add(FromCheck(ComplianceMonitor, service.Name, service.Production, check));
                Breach(context, service.Name, check);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                review.Problems.Add($"{ComplianceMonitor}, {service.Name}: {ex.Message}");
            }
        }

        await PublishReviewAsync(context, ChannelNames.Compliance, "compliance", ComplianceMonitor, review, cancellationToken).ConfigureAwait(false);
        return review;
    }

    /// <summary>The latest evaluation's arm for <paramref name="version"/> of <paramref name="service"/>: its baseline or its candidate, whichever that version is.</summary>
    private static ArmMeasurements? OfflineArm(CycleContext context, string service, string version) =>
        context.Offline.GetValueOrDefault(service) is not { } offline ? null
        : offline.Baseline.Version == version ? offline.Baseline
        : offline.Candidate.Version == version ? offline.Candidate
        : null;

    private static void Breach(CycleContext context, string service, CheckResult check)
    {
        if (check.Status != CheckStatus.Fail)
        {
            return;
        }

        lock (context)
        {
            if (!context.Breaches.TryGetValue(service, out var list))
            {
                context.Breaches[service] = list = [];
            }

            list.Add(check);
        }
    }

    private async ValueTask PublishReviewAsync(CycleContext context, string channel, string kind, string reviewer, Review review, CancellationToken cancellationToken)
    {
        foreach (var group in review.Findings.GroupBy(f => f.Service, StringComparer.Ordinal))
        {
            var summary = $"{reviewer}, {group.Key}: " + string.Join("; ", group.Select(f => $"{f.Check} {f.Status} ({f.Detail})"));
            await PublishAsync(context, channel, kind, reviewer, summary, group.Key, [.. group.SelectMany(f => f.EvidenceIds).Distinct(StringComparer.Ordinal)], [], cancellationToken).ConfigureAwait(false);
        }

        foreach (var problem in review.Problems)
        {
            await PublishAsync(context, channel, kind, reviewer, $"could not check: {problem}", null, [], [], cancellationToken).ConfigureAwait(false);
        }
    }

    private static CycleFinding FromCheck(string reviewer, string service, string version, CheckResult check) =>
        Finding(reviewer, service, version, check.Id, Core.Reports.ReportText.Label(check.Status), check.Reason, [.. check.Evidence.Select(e => e.ToString())]);

    private static CycleFinding Finding(string reviewer, string service, string? version, string check, string status, string detail, IReadOnlyList<string>? evidence = null) => new()
    {
        Reviewer = reviewer,
        Service = service,
        Version = version,
        Check = check,
        Status = status,
        Detail = detail,
        EvidenceIds = evidence ?? [],
    };

    /// <summary>One reviewer's findings and the steps it could not run.</summary>
    private sealed class Review
    {
        public List<CycleFinding> Findings { get; } = [];

        public List<string> Problems { get; } = [];

        public void Add(CycleFinding finding) => Findings.Add(finding);

        public void Add(string reviewer, string service, string? version, string check, string status, string detail, IReadOnlyList<string>? evidence = null) =>
            Findings.Add(Finding(reviewer, service, version, check, status, detail, evidence));
    }
}
