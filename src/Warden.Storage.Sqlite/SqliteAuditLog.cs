using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Warden.Audit;

namespace Warden.Storage.Sqlite;

/// <summary>The audit log in <c>audit_events</c>, its head in <c>audit_head</c>; both change in the caller's transaction.</summary>
internal sealed class SqliteAuditLog : IAuditLog, IDisposable
{
    private const string Columns = "seq, time, actor, action, subject, deployment_id, evidence_ids, payload, prev_hash, hash";

    private readonly SqliteStoreTransaction _tx;
    private AuditHead? _head;
    private bool _headLoaded;
    private SqliteCommand? _insert;
    private SqliteCommand? _moveHead;

    public SqliteAuditLog(SqliteStoreTransaction tx)
    {
        _tx = tx;
    }

    /// <inheritdoc />
    public async ValueTask<AuditEvent> AppendAsync(AuditEventDraft draft, CancellationToken cancellationToken)
    {
        var head = await HeadAsync(cancellationToken).ConfigureAwait(false);
        var sequence = (head?.Sequence ?? 0) + 1;
        var previous = head?.Hash ?? AuditHash.Genesis;
        // Events appended in one transaction share its start time; a strictly later time would
        // need another clock read per event and adds nothing the sequence does not already say.
        var time = AuditHash.FormatTime(_tx.Now);
        var payload = draft.Payload;
        StateAttestation[] attested = [];
        if (draft.Attests.Count > 0)
        {
            // The rows are written already; their digests become part of the hashed payload.
            attested = new StateAttestation[draft.Attests.Count];
            for (var i = 0; i < attested.Length; i++)
            {
                var r = draft.Attests[i];
                var row = await _tx.Rows.ReadAsync(r, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"{r} is attested by a {draft.Action} event but was not written in its transaction");
                attested[i] = new StateAttestation(r, row.Sha256);
            }

            payload = StateAttestations.AddTo(payload, attested);
        }

        var hash = AuditHash.Compute(sequence, time, draft.Actor, draft.Action, draft.Subject, draft.DeploymentId, draft.EvidenceIds, payload, previous);

        _insert ??= PrepareInsert();
        var p = _insert.Parameters;
        p[0].Value = sequence;
        p[1].Value = time;
        p[2].Value = draft.Actor;
        p[3].Value = draft.Action;
        p[4].Value = draft.Subject;
        p[5].Value = (object?)draft.DeploymentId ?? DBNull.Value;
        p[6].Value = string.Join('\n', draft.EvidenceIds);
        p[7].Value = payload;
        p[8].Value = previous;
        p[9].Value = hash;
        await _insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        _moveHead ??= PrepareMoveHead();
        _moveHead.Parameters[0].Value = sequence;
        _moveHead.Parameters[1].Value = hash;
        await _moveHead.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        _head = new AuditHead(sequence, hash);
        foreach (var a in attested)
        {
            await _tx.Rows.StampAsync(a.Row, sequence, a.Sha256, cancellationToken).ConfigureAwait(false);
        }

        return new AuditEvent
        {
            Sequence = sequence,
            Time = Parse(time),
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
        using var command = _tx.Command($"SELECT {Columns} FROM audit_events WHERE seq = $seq");
        command.Parameters.AddWithValue("$seq", sequence);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEvent(reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM audit_events WHERE 1 = 1");
        using var command = _tx.Command(string.Empty);
        Filter(query, sql, command);
        sql.Append(query.FromOldest ? " ORDER BY seq LIMIT $limit" : " ORDER BY seq DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();

        var events = new List<AuditEvent>();
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
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
        var sql = new StringBuilder("SELECT count(*) FROM audit_events WHERE 1 = 1");
        using var command = _tx.Command(string.Empty);
        Filter(query, sql, command);
        command.CommandText = sql.ToString();
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static void Filter(AuditQuery query, StringBuilder sql, SqliteCommand command)
    {
        if (query.AfterSequence is { } after)
        {
            sql.Append(" AND seq > $after");
            command.Parameters.AddWithValue("$after", after);
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND time >= $since");
            command.Parameters.AddWithValue("$since", AuditHash.FormatTime(since));
        }

        if (query.Subject is { } subject)
        {
            sql.Append(" AND (subject = $subject OR substr(subject, 1, length($subject) + 1) IN ($subject || '@', $subject || '/'))");
            command.Parameters.AddWithValue("$subject", subject);
        }

        if (query.Action is { } action)
        {
            sql.Append(" AND action = $action");
            command.Parameters.AddWithValue("$action", action);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var command = _tx.Command($"SELECT {Columns} FROM audit_events ORDER BY seq");
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadEvent(reader);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> ScanAsync(AuditRowHandler handler, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Scan(handler, cancellationToken));

    private long Scan(AuditRowHandler handler, CancellationToken cancellationToken)
    {
        // Straight through SQLite's C API: column bytes are read in place, where the ADO.NET
        // reader would allocate a string per column (ten million strings for a million events).
        // SQLite's calls are synchronous anyway (so are Microsoft.Data.Sqlite's *Async methods);
        // the scan checks for cancellation every few thousand rows.
        var db = _tx.Connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, $"SELECT {Columns} FROM audit_events ORDER BY seq", out var statement));
        using (statement)
        {
            long rows = 0;
            while (true)
            {
                var step = raw.sqlite3_step(statement);
                if (step == raw.SQLITE_DONE)
                {
                    return rows;
                }

                if (step != raw.SQLITE_ROW)
                {
                    Check(db, step);
                }

                if ((++rows & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var row = new AuditRow
                {
                    Sequence = raw.sqlite3_column_int64(statement, 0),
                    Time = raw.sqlite3_column_blob(statement, 1),
                    Actor = raw.sqlite3_column_blob(statement, 2),
                    Action = raw.sqlite3_column_blob(statement, 3),
                    Subject = raw.sqlite3_column_blob(statement, 4),
                    HasDeploymentId = raw.sqlite3_column_type(statement, 5) != raw.SQLITE_NULL,
                    DeploymentId = raw.sqlite3_column_blob(statement, 5),
                    EvidenceIds = raw.sqlite3_column_blob(statement, 6),
                    Payload = raw.sqlite3_column_blob(statement, 7),
                    PreviousHash = raw.sqlite3_column_blob(statement, 8),
                    Hash = raw.sqlite3_column_blob(statement, 9),
                };
                if (!handler(row))
                {
                    return rows;
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<AuditHead?> HeadAsync(CancellationToken cancellationToken)
    {
        if (_headLoaded)
        {
            return _head;
        }

        using var command = _tx.Command("SELECT seq, hash FROM audit_head WHERE id = 1");
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        _head = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new AuditHead(reader.GetInt64(0), reader.GetString(1)) : null;
        _headLoaded = true;
        return _head;
    }

    /// <summary>Releases the prepared statements.</summary>
    public void Dispose()
    {
        _insert?.Dispose();
        _moveHead?.Dispose();
    }

    private static AuditEvent ReadEvent(SqliteDataReader reader)
    {
        var evidence = reader.GetString(6);
        return new AuditEvent
        {
            Sequence = reader.GetInt64(0),
            Time = Parse(reader.GetString(1)),
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

    private static void Check(sqlite3 db, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            // The same exception type the ADO.NET layer throws, so the store's translation to a user-facing error applies.
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), result, raw.sqlite3_extended_errcode(db));
        }
    }

    private static DateTimeOffset Parse(string time) =>
        DateTimeOffset.ParseExact(time, AuditHash.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private SqliteCommand PrepareInsert()
    {
        var command = _tx.Command(
            $"INSERT INTO audit_events ({Columns}) VALUES ($seq, $time, $actor, $action, $subject, $deployment, $evidence, $payload, $prev, $hash)");
        foreach (var name in new[] { "$seq", "$time", "$actor", "$action", "$subject", "$deployment", "$evidence", "$payload", "$prev", "$hash" })
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private SqliteCommand PrepareMoveHead()
    {
        var command = _tx.Command("INSERT INTO audit_head (id, seq, hash) VALUES (1, $seq, $hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash");
        command.Parameters.Add(new SqliteParameter { ParameterName = "$seq" });
        command.Parameters.Add(new SqliteParameter { ParameterName = "$hash" });
        command.Prepare();
        return command;
    }
}
