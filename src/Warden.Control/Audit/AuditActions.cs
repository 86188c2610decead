namespace Warden.Audit;

/// <summary>The actions the audit log records. Stable strings: tools filter on them.</summary>
internal static class AuditActions
{
    /// <summary>A model version was registered.</summary>
    public const string Register = "registry.register";

    /// <summary>An alias other than production was moved.</summary>
    public const string AliasMove = "registry.alias";

    /// <summary>The production alias was moved on a recorded GO verdict.</summary>
    public const string Promote = "registry.promote";

    /// <summary>The production alias was moved without a GO verdict, with a reason.</summary>
    public const string Override = "registry.override";

    /// <summary>An artifact was re-hashed (result in the payload; a mismatch marks the version tampered).</summary>
    public const string ArtifactVerify = "registry.verify";

    /// <summary>A verdict was recorded for a deployment.</summary>
    public const string VerdictRecorded = "verdict.record";

    /// <summary>A rollback checkpoint was verified.</summary>
    public const string CheckpointVerify = "checkpoint.verify";

    /// <summary>Traffic was rolled back (the live guard's record of an automatic rollback: trigger, evidence, RTO, RPO).</summary>
    public const string Rollback = "rollback";

    /// <summary>
    /// The live guard could not read its evidence for a rollout (Prometheus down, a refused query) and
    /// looked no further — no trigger evaluated, nothing rolled back — or could read it again (subject
    /// <c>rollout:SERVICE</c>; payload: rollout, status <c>unavailable</c> or <c>available</c>, reason).
    /// </summary>
    public const string GuardEvidence = "guard.evidence";

    /// <summary>An incident was opened (the live guard's automatic rollback; its postmortem report).</summary>
    public const string IncidentOpen = "incident.open";

    /// <summary>A recovery drill ran.</summary>
    public const string Drill = "drill";

    /// <summary>A service's route changed through the gateway's route API (<c>warden route set</c>, <c>PUT /admin/routes/{service}</c>).</summary>
    public const string RouteChange = "route.change";

    /// <summary>The gateway started with a route (from warden.yaml) other than the last one the log recorded for the service.</summary>
    public const string RouteLoad = "route.load";

    /// <summary>
    /// Schema step 4 vouching for the state rows written before rows carried their own attestation:
    /// the rows' digests as found when the database was upgraded (docs/audit.md).
    /// </summary>
    public const string StateAttest = "store.attest";

    /// <summary>A rollout started in shadow (<c>warden rollout start</c>).</summary>
    public const string RolloutStart = "rollout.start";

    /// <summary>A rollout moved to a canary step (the controller after an analysis or live verdict, or a human's promote).</summary>
    public const string RolloutStep = "rollout.step";

    /// <summary>A rollout paused (a human, an inconclusive analysis, or a refused promotion).</summary>
    public const string RolloutPause = "rollout.pause";

    /// <summary>A paused rollout resumed with a fresh analysis window.</summary>
    public const string RolloutResume = "rollout.resume";

    /// <summary>Every step passed; promotion waits for a human's approve.</summary>
    public const string RolloutAwaitApproval = "rollout.await_approval";

    /// <summary>The candidate became production (route and registry alias follow); the bake time starts.</summary>
    public const string RolloutPromote = "rollout.promote";

    /// <summary>The bake time passed without a rollback: the rollout is done.</summary>
    public const string RolloutBaked = "rollout.baked";

    /// <summary>Traffic went back to the known-good version (a failed analysis or verdict, the guard, or abort).</summary>
    public const string RolloutRollback = "rollout.rollback";

    /// <summary>Any other change of a rollout's stored state.</summary>
    public const string RolloutUpdate = "rollout.update";

    /// <summary>A server began a new holding of the rollout controller's lease (a new epoch); renewals are not logged.</summary>
    public const string ControllerLease = "controller.lease";

    /// <summary>A heartbeat cycle began (subject <c>cycle:ID</c>).</summary>
    public const string CycleBegin = "cycle.begin";

    /// <summary>One phase of a heartbeat cycle ended, with its result.</summary>
    public const string CyclePhase = "cycle.phase";

    /// <summary>A heartbeat cycle ended, with its whole record.</summary>
    public const string CycleEnd = "cycle.end";

    /// <summary>Someone asked the servers for a cycle now (<c>warden cycle run</c>).</summary>
    public const string CycleRequest = "cycle.request";

    /// <summary>A message on one of the cycle's channels (subject <c>channel:NAME</c>; payload the message).</summary>
    public const string ChannelPublish = "channel.publish";

    /// <summary>An API token was created (<c>warden token create</c>); payload: id, name, role, expiry. Never the token.</summary>
    public const string TokenCreate = "token.create";

    /// <summary>An API token was revoked (<c>warden token revoke</c>).</summary>
    public const string TokenRevoke = "token.revoke";

    /// <summary>An operator's note (<c>warden audit append</c>); <c>note.KIND</c> (e.g. <c>note.incident</c>) sorts notes by kind.</summary>
    public const string Note = "note";

    /// <summary>
    /// The actions whose payload may attest state rows (<see cref="StateAttestations"/>): only
    /// actions Warden itself writes. A note's payload is the operator's, so it never vouches for a row.
    /// </summary>
    public static IReadOnlyList<string> Attesting { get; } =
        [
            Register, AliasMove, Promote, Override, ArtifactVerify, VerdictRecorded, CheckpointVerify, StateAttest,
            RolloutStart, RolloutStep, RolloutPause, RolloutResume, RolloutAwaitApproval, RolloutPromote, RolloutBaked, RolloutRollback, RolloutUpdate,
            TokenCreate, TokenRevoke,
        ];

    private static readonly byte[][] AttestingUtf8 = [.. Attesting.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>True when <paramref name="action"/> (stored UTF-8) is one of <see cref="Attesting"/>.</summary>
    public static bool IsAttesting(ReadOnlySpan<byte> action)
    {
        foreach (var candidate in AttestingUtf8)
        {
            if (action.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for <c>note</c> and <c>note.KIND</c> (KIND: lowercase letters, digits, '-' or '_'): the only actions a person may append by hand.</summary>
    public static bool IsNote(string action) =>
        action == Note
        || (action.Length > Note.Length + 1 && action.StartsWith(Note + ".", StringComparison.Ordinal)
            && action.AsSpan(Note.Length + 1).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789-_") < 0);
}
