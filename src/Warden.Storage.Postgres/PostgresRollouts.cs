using System.Collections.Frozen;
using Npgsql;
using Warden.Audit;
using Warden.Core.Rollouts;
using Warden.Leases;
using Warden.Rollouts;
using static Warden.Storage.Postgres.PostgresValues;

namespace Warden.Storage.Postgres;

/// <summary><see cref="IRolloutRepository"/> over <c>rollouts</c> and <c>rollout_events</c>.</summary>
internal sealed class PostgresRollouts(PostgresStoreTransaction tx) : IRolloutRepository
{
    private const string Content =
        "service, deployment_id, candidate, known_good, phase, step, phase_started_at, paused, pause_reason, shadow_only, generation, " +
        "plan_json, evidence_path, started_at, started_by, updated_at";

    private const string Columns = "id, " + Content;

    private const string EventContent =
        "rollout_id, generation, time, actor, input, phase_before, step_before, phase_after, step_after, paused_after, reason, detail_json";

    private const string EventColumns = "id, " + EventContent;

    private static readonly FrozenDictionary<string, RolloutPhase> Phases =
        Enum.GetValues<RolloutPhase>().ToFrozenDictionary(p => p.ToString(), StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask<StoredRollout?> AddAsync(RolloutState state, string planJson, string? evidencePath, string startedBy, CancellationToken cancellationToken)
    {
        if (state.Generation != 1)
        {
            throw new ArgumentException($"a new rollout starts at generation 1, not {state.Generation}", nameof(state));
        }

        // Checked first so that a second start is an answer, not an error; the partial unique
        // index (one unfinished rollout per service) is the backstop.
        if (await ActiveAsync(state.Service, cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }

        await using var command = tx.Command(
            $"INSERT INTO rollouts (id, {Content}) " +
            "VALUES ((SELECT coalesce(max(id), 0) + 1 FROM rollouts), @service, @deployment, @candidate, @knownGood, @phase, @step, @phaseStarted, @paused, @pauseReason, @shadowOnly, " +
            "@generation, @plan, @evidence, @now, @by, @now) RETURNING id");
        AddState(command, state);
        Add(command, "plan", planJson);
        Add(command, "evidence", evidencePath);
        Add(command, "by", startedBy);
        Add(command, "now", Time(tx.Now));
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        // Read back rather than assembled here: the caller gets the times as stored (to the tick, in UTC).
        return await FindAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<StoredRollout?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {Columns} FROM rollouts WHERE id = @id");
        Add(command, "id", id);
        return (await ReadRolloutsAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc />
    public async ValueTask<StoredRollout?> ActiveAsync(string service, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {Columns} FROM rollouts WHERE service = @service AND finished = 0");
        Add(command, "service", service);
        return (await ReadRolloutsAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredRollout>> ListAsync(string? service, bool activeOnly, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        // Ids grow with time within one database: the highest id is the newest rollout.
        await using var command = tx.Command(
            $"SELECT {Columns} FROM rollouts WHERE (@service IS NULL OR service = @service) AND (@activeOnly = 0 OR finished = 0) " +
            "ORDER BY id DESC LIMIT @limit");
        Add(command, "service", service);
        Add(command, "activeOnly", activeOnly);
        Add(command, "limit", limit);
        return await ReadRolloutsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<RolloutWrite> UpdateAsync(long id, RolloutState next, long expectedGeneration, LeaseFence? fence, CancellationToken cancellationToken)
    {
        if (next.Generation != expectedGeneration + 1)
        {
            throw new ArgumentException(
                $"a transition from generation {expectedGeneration} writes generation {expectedGeneration + 1}, not {next.Generation}", nameof(next));
        }

        // One statement: the generation compare-and-set and the lease check see the same
        // committed state, so no other write can land between checking and writing.
        await using var command = tx.Command(
            "UPDATE rollouts SET service = @service, deployment_id = @deployment, candidate = @candidate, known_good = @knownGood, phase = @phase, " +
            "step = @step, phase_started_at = @phaseStarted, paused = @paused, pause_reason = @pauseReason, shadow_only = @shadowOnly, " +
            "generation = @generation, updated_at = @now " +
            "WHERE id = @id AND generation = @expected" +
            (fence is null ? string.Empty : $" AND EXISTS (SELECT 1 FROM leases WHERE {PostgresLeases.FenceIsCurrent})"));
        AddState(command, next);
        Add(command, "id", id);
        Add(command, "expected", expectedGeneration);
        if (fence is null)
        {
            Add(command, "now", Time(tx.Now));
        }
        else
        {
            PostgresLeases.AddFence(command, fence, tx.Now);
        }

        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            return RolloutWrite.Written;
        }

        // Nothing written: say which condition failed. A moved generation wins over a stale lease
        // (the state the caller computed from is gone either way); a missing rollout is a bug.
        var stored = await FindAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"rollout {id} does not exist; nothing was written");
        return stored.State.Generation != expectedGeneration ? RolloutWrite.GenerationMoved : RolloutWrite.StaleLease;
    }

    /// <inheritdoc />
    public async ValueTask<long> AddEventAsync(RolloutEventRecord record, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            $"INSERT INTO rollout_events (id, {EventContent}) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM rollout_events), @rollout, @generation, @time, @actor, @input, @phaseBefore, @stepBefore, " +
            "@phaseAfter, @stepAfter, @pausedAfter, @reason, @detail) RETURNING id");
        Add(command, "rollout", record.RolloutId);
        Add(command, "generation", record.Generation);
        Add(command, "time", Time(record.Time));
        Add(command, "actor", record.Actor);
        Add(command, "input", record.Input);
        Add(command, "phaseBefore", record.PhaseBefore?.ToString());
        Add(command, "stepBefore", record.StepBefore);
        Add(command, "phaseAfter", record.PhaseAfter.ToString());
        Add(command, "stepAfter", record.StepAfter);
        Add(command, "pausedAfter", record.PausedAfter);
        Add(command, "reason", record.Reason);
        Add(command, "detail", record.DetailJson);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RolloutEventRecord>> EventsAsync(long rolloutId, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {EventColumns} FROM rollout_events WHERE rollout_id = @rollout ORDER BY generation");
        Add(command, "rollout", rolloutId);
        var events = new List<RolloutEventRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = r.GetInt64(0);
            events.Add(new RolloutEventRecord
            {
                Id = id,
                RolloutId = r.GetInt64(1),
                Generation = r.GetInt64(2),
                Time = Time(r, 3),
                Actor = r.GetString(4),
                Input = r.GetString(5),
                PhaseBefore = r.IsDBNull(6) ? null : Phase(r.GetString(6), AttestedTables.RolloutEvents, id),
                StepBefore = Int(r, 7),
                PhaseAfter = Phase(r.GetString(8), AttestedTables.RolloutEvents, id),
                StepAfter = Int(r, 9),
                PausedAfter = r.GetInt64(10) != 0,
                Reason = r.GetString(11),
                DetailJson = Text(r, 12),
            });
        }

        return events;
    }

    private static void AddState(NpgsqlCommand command, RolloutState s)
    {
        Add(command, "service", s.Service);
        Add(command, "deployment", s.DeploymentId);
        Add(command, "candidate", s.Candidate);
        Add(command, "knownGood", s.KnownGood);
        Add(command, "phase", s.Phase.ToString());
        Add(command, "step", s.Step);
        Add(command, "phaseStarted", Time(s.PhaseStartedAt));
        Add(command, "paused", s.Paused);
        Add(command, "pauseReason", s.PauseReason);
        Add(command, "shadowOnly", s.ShadowOnly);
        Add(command, "generation", s.Generation);
    }

    private static async ValueTask<List<StoredRollout>> ReadRolloutsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<StoredRollout>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = r.GetInt64(0);
            list.Add(new StoredRollout
            {
                Id = id,
                State = new RolloutState
                {
                    Service = r.GetString(1),
                    DeploymentId = r.GetString(2),
                    Candidate = r.GetString(3),
                    KnownGood = r.GetString(4),
                    Phase = Phase(r.GetString(5), AttestedTables.Rollouts, id),
                    Step = Int(r, 6),
                    PhaseStartedAt = Time(r, 7),
                    Paused = r.GetInt64(8) != 0,
                    PauseReason = Text(r, 9),
                    ShadowOnly = r.GetInt64(10) != 0,
                    Generation = r.GetInt64(11),
                },
                PlanJson = r.GetString(12),
                EvidencePath = Text(r, 13),
                StartedAt = Time(r, 14),
                StartedBy = r.GetString(15),
                UpdatedAt = Time(r, 16),
            });
        }

        return list;
    }

    // Phases are stored by name, and only a name Warden writes is read back: a number or another
    // spelling means the row was changed outside Warden, and the message names the row.
    private static RolloutPhase Phase(string text, string table, long id) =>
        Phases.TryGetValue(text, out var phase)
            ? phase
            : throw new InvalidOperationException(
                $"{table} {id}: phase '{text}' is not one of {string.Join(", ", Phases.Keys.Order(StringComparer.Ordinal))}; " +
                "the row was changed outside Warden (warden audit verify names such rows)");
}
