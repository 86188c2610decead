using Warden.Access;
using Warden.Audit;
using Warden.Checkpoints;
using Warden.Leases;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Storage;

/// <summary>
/// The repositories of one store transaction. Valid only inside the
/// <see cref="IWardenStore.WriteAsync{T}"/> or <see cref="IWardenStore.ReadAsync{T}"/> call that handed it out, and
/// by one caller at a time (a transaction is one connection: no parallel calls on it).
/// </summary>
internal interface IStoreTransaction
{
    /// <summary>The append-only, hash-chained audit log.</summary>
    IAuditLog Audit { get; }

    /// <summary>Registered model versions, aliases and their history.</summary>
    IModelRegistryRepository Registry { get; }

    /// <summary>Recorded verdicts (what a promotion rests on).</summary>
    IVerdictRecordRepository Verdicts { get; }

    /// <summary>Rollback checkpoint verifications.</summary>
    ICheckpointRepository Checkpoints { get; }

    /// <summary>The attested state rows (every table above but the audit log and telemetry), reduced to key, event and digest.</summary>
    IStateRows Rows { get; }

    /// <summary>The gateway's aggregated 1-second telemetry windows.</summary>
    ITelemetryWindowRepository TelemetryWindows { get; }

    /// <summary>Rollouts and their history (compare-and-set on generation, fenced by the controller's lease).</summary>
    IRolloutRepository Rollouts { get; }

    /// <summary>Leases with epochs (the rollout controller's, one leader at a time).</summary>
    ILeaseRepository Leases { get; }

    /// <summary>API tokens (name, role, salted hash of the secret; never the token).</summary>
    ITokenRepository Tokens { get; }

    /// <summary>When this transaction started, from the store's <see cref="TimeProvider"/>; use it for every timestamp the transaction writes.</summary>
    DateTimeOffset Now { get; }
}
