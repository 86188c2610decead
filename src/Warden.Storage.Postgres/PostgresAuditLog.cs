using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;
using Warden.Audit;
using static Warden.Storage.Postgres.PostgresValues;

namespace Warden.Storage.Postgres;

/// <summary>
/// The audit log in <c>audit_events</c>, its head in <c>audit_head</c>; both change in the caller's
/// transaction, which holds the store's write lock when it appends (<see cref="WriteLock"/>).
/// </summary>
internal sealed class PostgresAuditLog(PostgresStoreTransaction tx) : IAuditLog
{
    private const string Columns = "seq, time, actor, action, subject, deployment_id, evidence_ids, payload, prev_hash, hash";

    private AuditHead? _head;
    private bool _headLoaded;

    /// <summary>The sequence of the last event appended through this log, or null when none was.</summary>
    public long? Appended { get; private set; }

    /// <inheritdoc />
    public async ValueTask<AuditEvent> AppendAsync(AuditEventDraft draft, CancellationToken cancellationToken)
    {
        var head = await HeadAsync(cancellationToken).ConfigureAwait(false);
        var sequence = (head?.Sequence ?? 0) + 1;
        var previous = head?.Hash ?? AuditHash.Genesis;
        // As in the SQLite store: events appended in one transaction share its start time.
        var time = AuditHash.FormatTime(tx.Now);
        var payload = draft.Payload;
        StateAttestation[] attested = [];
        if (draft.Attests.Count > 0)
        {
            // The rows are written already; their digests become part of the hashed payload.
            attested = new StateAttestation[draft.Attests.Count];
            for (var i = 0; i < attested.Length; i++)
            {
                var r = draft.Attests[i];
                var row = await tx.Rows.ReadAsync(r, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"{r} is attested by a {draft.Action} event but was not written in its transaction");
                attested[i] = new StateAttestation(r, row.Sha256);
            }

            payload = StateAttestations.AddTo(payload, attested);
        }

        var hash = AuditHash.Compute(sequence, time, draft.Actor, draft.Action, draft.Subject, draft.DeploymentId, draft.EvidenceIds, payload, previous);

        // One round trip: the event and the head move together.
        await using (var command = tx.Command(
            $"INSERT INTO audit_events ({Columns}) VALUES (@seq, @time, @actor, @action, @subject, @deployment, @evidence, @payload, @prev, @hash);" +
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, @seq, @hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash"))
        {
            Add(command, "seq", sequence);
            Add(command, "time", time);
            Add(command, "actor", draft.Actor);
            Add(command, "action", draft.Action);
            Add(command, "subject", draft.Subject);
            Add(command, "deployment", draft.DeploymentId);
            Add(command, "evidence", string.Join('\n', draft.EvidenceIds));
            Add(command, "payload", payload);
            Add(command, "prev", previous);
            Add(command, "hash", hash);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _head = new AuditHead(sequence, hash);
        Appended = sequence;
        foreach (var a in attested)
        {
            await tx.Rows.StampAsync(a.Row, sequence, a.Sha256, cancellationToken).ConfigureAwait(false);
        }

        return new AuditEvent
        {
            Sequence = sequence,
            Time = ParseTime(time),
            Actor = draft.Actor,
            Action = draft.Action,
            Subject = draft.Subject,
            DeploymentId = draft.DeploymentId,
            EvidenceIds = draft.EvidenceIds,
            Payload = payload,
            PreviousHash = previous,
            Hash = hash,
        };
    }

    /// <inheritdoc />
    public async ValueTask<long> NextSequenceAsync(CancellationToken cancellationToken) =>
        ((await HeadAsync(cancellationToken).ConfigureAwait(false))?.Sequence ?? 0) + 1;

    /// <inheritdoc />
    public async ValueTask<AuditEvent?> FindAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {Columns} FROM audit_events WHERE seq = @seq");
        Add(command, "seq", sequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEvent(reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM audit_events WHERE true");
        await using var command = tx.Command(string.Empty);
        Filter(query, sql, command);
        sql.Append(query.FromOldest ? " ORDER BY seq LIMIT @limit" : " ORDER BY seq DESC LIMIT @limit");
        Add(command, "limit", query.Limit);
        command.CommandText = sql.ToString();

        var events = new List<AuditEvent>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(ReadEvent(reader));
            }
        }

        if (!query.FromOldest)
        {
            events.Reverse();
        }

        return events;
    }

    /// <inheritdoc />
    public async ValueTask<long> CountAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT count(*) FROM audit_events WHERE true");
        await using var command = tx.Command(string.Empty);
        Filter(query, sql, command);
        command.CommandText = sql.ToString();
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {Columns} FROM audit_events ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadEvent(reader);
        }
    }

    /// <inheritdoc />
    public async ValueTask<long> ScanAsync(AuditRowHandler handler, CancellationToken cancellationToken)
    {
        // Rows stream from the server; each text column's bytes as received (UTF-8, the connection's
        // client encoding: the text the hashes were computed over) are copied into one reused
        // buffer, as SQLite hands them out in place: no string per column, no decoding and
        // re-encoding. (Converting on the server instead, convert_to(column, 'UTF8'), costs it
        // about 3 µs per event more.)
        await using var command = tx.Command($"SELECT {Columns} FROM audit_events ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var ends = new int[10];
        try
        {
            long rows = 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows++;
                var hasDeploymentId = !reader.IsDBNull(5);
                var written = 0;
                for (var i = 1; i < ends.Length; i++)
                {
                    if (i != 5 || hasDeploymentId)
                    {
                        // A text column's stream is its raw bytes; the row is buffered, so this is a copy.
                        using var column = reader.GetStream(i);
                        var length = checked((int)column.Length);
                        if (buffer.Length - written < length)
                        {
                            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, written + length));
                            buffer.AsSpan(0, written).CopyTo(larger);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                        }

                        column.ReadExactly(buffer, written, length);
                        written += length;
                    }

                    ends[i] = written;
                }

                if (!Hand(handler, reader.GetInt64(0), hasDeploymentId, buffer, ends))
                {
                    return rows;
                }
            }

            return rows;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public async ValueTask<AuditHead?> HeadAsync(CancellationToken cancellationToken)
    {
        if (_headLoaded)
        {
            return _head;
        }

        await using var command = tx.Command("SELECT seq, hash FROM audit_head WHERE id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        _head = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new AuditHead(reader.GetInt64(0), reader.GetString(1)) : null;
        _headLoaded = true;
        return _head;
    }

    private static void Filter(AuditQuery query, StringBuilder sql, NpgsqlCommand command)
    {
        if (query.AfterSequence is { } after)
        {
            sql.Append(" AND seq > @after");
            Add(command, "after", after);
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND time >= @since");
            Add(command, "since", AuditHash.FormatTime(since));
        }

        if (query.Subject is { } subject)
        {
            sql.Append(" AND (subject = @subject OR substr(subject, 1, length(@subject) + 1) IN (@subject || '@', @subject || '/'))");
            Add(command, "subject", subject);
        }

        if (query.Action is { } action)
        {
            sql.Append(" AND action = @action");
            Add(command, "action", action);
        }
    }

    // Synchronous, so the row's spans never live across an await.
    private static bool Hand(AuditRowHandler handler, long sequence, bool hasDeploymentId, byte[] buffer, int[] ends)
    {
        ReadOnlySpan<byte> Column(int i) => buffer.AsSpan(ends[i - 1], ends[i] - ends[i - 1]);

        var row = new AuditRow
        {
            Sequence = sequence,
            Time = Column(1),
            Actor = Column(2),
            Action = Column(3),
            Subject = Column(4),
            HasDeploymentId = hasDeploymentId,
            DeploymentId = Column(5),
            EvidenceIds = Column(6),
            Payload = Column(7),
            PreviousHash = Column(8),
            Hash = Column(9),
        };
        return handler(row);
    }

    private static AuditEvent ReadEvent(NpgsqlDataReader reader)
    {
        var evidence = reader.GetString(6);
        return new AuditEvent
        {
            Sequence = reader.GetInt64(0),
            Time = ParseTime(reader.GetString(1)),
            Actor = reader.GetString(2),
            Action = reader.GetString(3),
            Subject = reader.GetString(4),
            DeploymentId = reader.IsDBNull(5) ? null : reader.GetString(5),
            EvidenceIds = evidence.Length == 0 ? [] : evidence.Split('\n'),
            Payload = reader.GetString(7),
            PreviousHash = reader.GetString(8),
            Hash = reader.GetString(9),
        };
    }
}
