using System.Collections.Immutable;
using Warden.Core.Bundle;
using Warden.Core.Policy;

namespace Warden.Core.Verdicts;

/// <summary>The Rollback Officer's check: a verified, recent, fast-loading checkpoint and a recent passed drill.</summary>
internal static class RollbackChecks
{
    /// <summary>
    /// INCONCLUSIVE when no readiness data was given (or only a registry checkpoint and no drill data); FAIL listing every item that misses its
    /// limit; PASS otherwise. Ages are measured at <see cref="VerdictEvidence.AsOf"/>, never the
    /// wall clock, so the same bundle always gives the same result. A drill without a measured
    /// RTO or RPO is not failed for it: only a measured value can exceed a limit. The store's latest
    /// fault drill (<see cref="RegistryFacts.Drill"/>, recorded by <c>warden drill</c>) outranks the
    /// drill fields of the bundle's rollback JSON, as the registry's checkpoint outranks its checkpoint fields.
    /// </summary>
    internal static CheckResult Readiness(VerdictEvidence evidence, VerdictPolicy policy)
    {
        var limits = policy.Rollback;
        var spec = new CheckSpec(
            CheckIds.Rollback,
            "Rollback readiness",
            Dimension.RollbackReadiness,
            ReviewerRole.RollbackOfficer,
            $"checkpoint verified ≤ {Num(limits.CheckpointMaxAgeHours)} h ago, load < {Num(limits.LoadTimeMaxSeconds)} s, " +
            $"drill passed ≤ {Num(limits.DrillMaxAgeDays)} d ago, RTO ≤ {Num(limits.RtoMaxSeconds)} s, RPO ≤ {Num(limits.RpoMaxSeconds)} s");
        var ids = IntegrityChecks.InputIds(evidence.Inputs, input => input.Role == "rollback");

        var rollback = evidence.Rollback;
        var registered = evidence.Registry?.Checkpoint;
        var drill = evidence.Registry?.Drill;
        if (rollback is null && registered is null)
        {
            return spec.Result(
                CheckStatus.Inconclusive,
                drill is null
                    ? "No checkpoint or drill data given yet, so rollback readiness cannot be shown."
                    : $"Drill {drill.RunId} is recorded, but no checkpoint of the known-good version is verified, so rollback readiness cannot be shown.",
                evidence: ids);
        }

        // The registry's own verification outranks the checkpoint fields of the bundle's rollback
        // JSON, and the store's latest drill its drill fields.
        var checkpoint = registered is not null
            ? new Checkpoint($"{registered.Version} (registry)", registered.Sha256Verified, registered.Reachable, registered.VerifiedAt, registered.LoadTimeSeconds, registered.Problem)
            : new Checkpoint(rollback!.CheckpointVersion, rollback.Sha256Verified, true, rollback.VerifiedAt, rollback.LoadTimeSeconds, null);
        var checkpointAgeHours = (evidence.AsOf - checkpoint.VerifiedAt).TotalHours;
        double? drillAgeDays = rollback?.DrillPassedAt is { } passedAt ? (evidence.AsOf - passedAt).TotalDays : null;

        var failures = ImmutableArray.CreateBuilder<string>();
        if (!checkpoint.Reachable)
        {
            failures.Add($"checkpoint {checkpoint.Version}: storage not reachable ({checkpoint.Problem ?? "unreadable"})");
        }
        else if (!checkpoint.Sha256Verified)
        {
            failures.Add($"checkpoint {checkpoint.Version}: sha256 not verified");
        }

        if (checkpointAgeHours > limits.CheckpointMaxAgeHours)
        {
            failures.Add($"checkpoint verified {Age(checkpointAgeHours)} h ago, more than {Num(limits.CheckpointMaxAgeHours)} h");
        }

        if (checkpoint.LoadTimeSeconds is not { } loadTime)
        {
            if (checkpoint.Reachable && checkpoint.Sha256Verified)
            {
                failures.Add($"checkpoint {checkpoint.Version}: load failed ({checkpoint.Problem ?? "no load time"})");
            }
        }
        else if (loadTime >= limits.LoadTimeMaxSeconds)
        {
            failures.Add($"checkpoint load time {Age(loadTime)} s, not under {Num(limits.LoadTimeMaxSeconds)} s");
        }

        if (drill is not null)
        {
            DrillFailures(drill, evidence.AsOf, limits, failures);
        }
        else if (rollback is not null)
        {
            if (drillAgeDays is not { } days)
            {
                failures.Add("no recovery drill has passed");
            }
            else if (days > limits.DrillMaxAgeDays)
            {
                failures.Add($"last drill passed {Age(days)} d ago, more than {Num(limits.DrillMaxAgeDays)} d");
            }

            if (rollback.DrillRtoSeconds > limits.RtoMaxSeconds)
            {
                failures.Add($"drill RTO {Num(rollback.DrillRtoSeconds.Value)} s, more than {Num(limits.RtoMaxSeconds)} s");
            }

            if (rollback.DrillRpoSeconds > limits.RpoMaxSeconds)
            {
                failures.Add($"drill RPO {Num(rollback.DrillRpoSeconds.Value)} s, more than {Num(limits.RpoMaxSeconds)} s");
            }
        }

        if (failures.Count > 0)
        {
            var items = failures.ToImmutable();
            return spec.Result(
                CheckStatus.Fail,
                $"Rollback not ready, {CheckText.Plural(items.Length, "failing item")}: {CheckText.FirstAndMore(items)}.",
                evidence: ids,
                details: items);
        }

        var loaded = $"Checkpoint {checkpoint.Version} verified {Age(checkpointAgeHours)} h ago and loads in {Age(checkpoint.LoadTimeSeconds.GetValueOrDefault())} s";
        if (drill is not null)
        {
            return spec.Result(
                CheckStatus.Pass,
                $"{loaded}; drill {drill.RunId} ({drill.Fault}) passed {Age((evidence.AsOf - drill.RanAt).TotalDays)} d ago " +
                $"({(drill.RtoSeconds is { } dr ? $"RTO {Num(dr)} s" : "RTO not measured")}, {(drill.RpoSeconds is { } dp ? $"RPO {Num(dp)} s" : "RPO not measured")}; {drill.Evidence}, audit {drill.AuditEvent}).",
                evidence: ids);
        }

        if (rollback is null)
        {
            return spec.Result(CheckStatus.Inconclusive, $"{loaded}, but no recovery drill data is given, so a tested rollback cannot be shown.", evidence: ids);
        }

        // Every limit passed, so the drill exists: a missing one is a failure above.
        var rto = rollback.DrillRtoSeconds is { } r ? $"RTO {Num(r)} s" : "RTO not measured";
        var rpo = rollback.DrillRpoSeconds is { } p ? $"RPO {Num(p)} s" : "RPO not measured";
        return spec.Result(
            CheckStatus.Pass,
            $"{loaded}; drill passed {Age(drillAgeDays.GetValueOrDefault())} d ago ({rto}, {rpo}).",
            evidence: ids);
    }

    // The store's latest fault drill: vouched for by its audit event, passed, recent, RTO and RPO within target.
    private static void DrillFailures(RegistryDrill drill, DateTimeOffset asOf, RollbackPolicy limits, ImmutableArray<string>.Builder failures)
    {
        if (drill.NotVouched is { } why)
        {
            failures.Add($"latest drill {drill.RunId} is not vouched for by the audit log ({why})");
            return;
        }

        if (!drill.Passed)
        {
            failures.Add($"latest drill {drill.RunId} ({drill.Fault}) failed: {drill.Problem ?? "not rolled back"}");
        }

        var days = (asOf - drill.RanAt).TotalDays;
        if (days > limits.DrillMaxAgeDays)
        {
            failures.Add($"latest drill {drill.RunId} ran {Age(days)} d ago, more than {Num(limits.DrillMaxAgeDays)} d");
        }

        if (drill.RtoSeconds > limits.RtoMaxSeconds)
        {
            failures.Add($"drill RTO {Num(drill.RtoSeconds.Value)} s, more than {Num(limits.RtoMaxSeconds)} s");
        }

        if (drill.RpoSeconds > limits.RpoMaxSeconds)
        {
            failures.Add($"drill RPO {Num(drill.RpoSeconds.Value)} s, more than {Num(limits.RpoMaxSeconds)} s");
        }
    }

    private sealed record Checkpoint(string Version, bool Sha256Verified, bool Reachable, DateTimeOffset VerifiedAt, double? LoadTimeSeconds, string? Problem);

    private static string Num(double value) => CheckText.Number(value, CheckText.Threshold);

    private static string Age(double value) => CheckText.Number(value, CheckText.OneDecimal);
}
