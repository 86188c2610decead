using System.Text;
using Npgsql;
using Warden.Audit;
using Warden.Storage.Postgres;
using Warden.Tests.Support;

namespace Warden.Storage.Postgres.Tests;

/// <summary>What only the PostgreSQL store does: opening and refusing, the write lock across connections, the server's errors as store failures.</summary>
public sealed class PostgresStoreTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task OpenAsync_NewSchema_CreatesItAtTheLatestVersionAndReopensWithoutSteps()
    {
        await using (var store = await PostgresStore.OpenAsync(_database.Options()))
        {
            Assert.Equal(PostgresSchemaMigrations.Latest, store.SchemaVersion);
            Assert.Equal($"postgres://{Builder().Username}@{Builder().Host}:{Builder().Port}/{Builder().Database}?schema={_database.Schema}", store.Location);
        }

        await using var again = await PostgresStore.OpenExistingAsync(_database.Options(), readOnly: false);
        Assert.Equal(PostgresSchemaMigrations.Latest, again.SchemaVersion);
        Assert.Equal(1L, await _database.ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task OpenAsync_FourAtOnceOnANewSchema_AllOpenAndTheStepsRunOnce()
    {
        var opening = Enumerable.Range(0, 4).Select(_ => Task.Run(async () => await PostgresStore.OpenAsync(_database.Options()))).ToArray();
        var stores = await Task.WhenAll(opening);
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        Assert.All(stores, s => Assert.Equal(PostgresSchemaMigrations.Latest, s.SchemaVersion));
        Assert.Equal(1L, await _database.ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Open_SchemaNewerThanThisBinary_IsRefusedAndLeftAlone()
    {
        await (await PostgresStore.OpenAsync(_database.Options())).DisposeAsync();
        var newer = PostgresSchemaMigrations.Latest + 1;
        await _database.ExecuteAsync($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({newer}, 'from the future', 'x')");

        var open = await Assert.ThrowsAsync<StoreException>(() => PostgresStore.OpenAsync(_database.Options()).AsTask());
        var existing = await Assert.ThrowsAsync<StoreException>(() => PostgresStore.OpenExistingAsync(_database.Options(), readOnly: true).AsTask());

        foreach (var ex in new[] { open, existing })
        {
            Assert.Equal(StoreFailure.SchemaTooNew, ex.Failure);
            Assert.Equal((newer, PostgresSchemaMigrations.Latest), (ex.SchemaVersion, ex.SupportedSchemaVersion));
            Assert.Equal(
                $"{_database.Options().Location}: the database has schema version {newer}, newer than this warden knows ({PostgresSchemaMigrations.Latest}); it was written by a newer Warden. Nothing was changed.",
                ex.Message);
        }

        Assert.Equal(2L, await _database.ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Open_SchemaOfAnotherProgram_IsRefusedAsForeign()
    {
        await _database.ExecuteAsync($"CREATE SCHEMA {_database.Schema}; CREATE TABLE {_database.Schema}.schema_migrations (version BIGINT, dirty BOOLEAN)");

        var ex = await Assert.ThrowsAsync<StoreException>(() => PostgresStore.OpenAsync(_database.Options()).AsTask());

        Assert.Equal((StoreFailure.Corrupt, true), (ex.Failure, ex.Foreign));
        Assert.EndsWith(
            $": schema '{_database.Schema}' holds 1 tables, views or sequences and no Warden schema_migrations: it was not created by Warden, and Warden will not change it.",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenExistingAsync_NoSchemaOrAnEmptyOne_IsEmptyAndCreatesNothing()
    {
        var none = await Assert.ThrowsAsync<StoreException>(() => PostgresStore.OpenExistingAsync(_database.Options(), readOnly: false).AsTask());
        Assert.Null(await _database.ScalarAsync($"SELECT nspname FROM pg_namespace WHERE nspname = '{_database.Schema}'"));
        await _database.ExecuteAsync($"CREATE SCHEMA {_database.Schema}");
        var empty = await Assert.ThrowsAsync<StoreException>(() => PostgresStore.OpenExistingAsync(_database.Options(), readOnly: true).AsTask());

        Assert.Equal((StoreFailure.Empty, $"the database has no schema '{_database.Schema}'"), (none.Failure, none.Detail));
        Assert.Equal((StoreFailure.Empty, $"schema '{_database.Schema}' holds no tables"), (empty.Failure, empty.Detail));
        Assert.Equal(
            $"{_database.Options().Location}: the store is empty (schema '{_database.Schema}' holds no tables): no Warden schema, no audit log. It was dropped or wiped, or was never set up.",
            empty.Message);
    }

    [Fact]
    public async Task Open_DatabaseThatDoesNotExist_IsMissingForExistingAndCannotOpenForOpen()
    {
        var options = _database.Options() with
        {
            ConnectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Database = "warden_no_such_database" }.ConnectionString,
        };

        var existing = await Assert.ThrowsAsync<StoreException>(() => PostgresStore.OpenExistingAsync(options, readOnly: false).AsTask());
        var open = await Assert.ThrowsAsync<StoreException>(() => PostgresStore.OpenAsync(options).AsTask());

        Assert.Equal(StoreFailure.Missing, existing.Failure);
        Assert.Equal(StoreFailure.CannotOpen, open.Failure);
        Assert.Contains("/warden_no_such_database?schema=", open.Message, StringComparison.Ordinal);
        Assert.Contains("the database does not exist on the server", open.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NothingListensOnThePort_CannotOpenNamingHostPortAndAHint()
    {
        var options = _database.Options() with
        {
            ConnectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Host = "127.0.0.1", Port = 1, Timeout = 5 }.ConnectionString,
        };

        var ex = await Assert.ThrowsAsync<StoreException>(() => PostgresStore.OpenAsync(options).AsTask());

        Assert.Equal(StoreFailure.CannotOpen, ex.Failure);
        Assert.StartsWith($"postgres://{Builder().Username}@127.0.0.1:1/{Builder().Database}?schema={_database.Schema}: cannot connect to the PostgreSQL server at 127.0.0.1:1 (", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("); is PostgreSQL running and listening on that address and port?", ex.Message, StringComparison.Ordinal);
        Assert.Contains("refused", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OpenAsync_WrongPassword_SaysTheLoginWasRefusedWithoutThePassword()
    {
        const string Wrong = "not-the-password-4711";
        var options = _database.Options() with
        {
            ConnectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Password = Wrong }.ConnectionString,
        };

        var ex = await Assert.ThrowsAsync<StoreException>(() => PostgresStore.OpenAsync(options).AsTask());

        Assert.Equal(StoreFailure.CannotOpen, ex.Failure);
        Assert.Contains($"the server refused the login of user '{Builder().Username}' (password authentication failed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_AnotherSessionHoldsTheWriteLock_WaitsTheTimeoutThenLockedAndWritesNothing()
    {
        await using var store = await PostgresStore.OpenAsync(_database.Options(lockTimeout: TimeSpan.FromMilliseconds(300)));
        var writeLock = WriteLock.For(_database.Schema);
        await using (var other = await _database.OpenAsync())
        {
            // Another process's writer, mid-transaction.
            await using var transaction = await other.BeginTransactionAsync();
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({writeLock.Space}, {writeLock.Key})", other, transaction))
            {
                await take.ExecuteNonQueryAsync();
            }

            var ex = await Assert.ThrowsAsync<StoreException>(() => store.AppendAsync(Note("service:blocked")).AsTask());

            Assert.Equal((StoreFailure.Locked, TimeSpan.FromMilliseconds(300)), (ex.Failure, ex.LockTimeout));
            Assert.Equal($"{store.Location}: the store is locked by another process and stayed locked for 0.3 s; nothing was written.", ex.Message);
        }

        Assert.Equal(1, (await store.AppendAsync(Note("service:after"))).Sequence);
        Assert.Equal(["service:after"], (await store.EventsAsync()).Select(e => e.Subject));
    }

    [Fact]
    public async Task WriteAsync_CancelledWhileAnotherProcessHoldsTheWriteLock_ThrowsAtOnceAndWritesNothing()
    {
        await using var store = await PostgresStore.OpenAsync(_database.Options(lockTimeout: TimeSpan.FromSeconds(30)));
        var writeLock = WriteLock.For(_database.Schema);
        await using (var other = await _database.OpenAsync())
        {
            await using var transaction = await other.BeginTransactionAsync();
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({writeLock.Space}, {writeLock.Key})", other, transaction))
            {
                await take.ExecuteNonQueryAsync();
            }

            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var waited = System.Diagnostics.Stopwatch.StartNew();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AppendAsync(Note("service:cancelled"), cancel.Token).AsTask());

            // Cancelled on the server, long before the 30 s lock timeout.
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"waited {waited.Elapsed}");
        }

        Assert.Equal(1, (await store.AppendAsync(Note("service:after"))).Sequence);
        Assert.Equal(["service:after"], (await store.EventsAsync()).Select(e => e.Subject));
    }

    [Fact]
    public async Task WriteAsync_OnAReadOnlyStore_IsReadOnlyAndReadsWork()
    {
        await using (var writable = await PostgresStore.OpenAsync(_database.Options()))
        {
            await writable.AppendAsync(Note("service:one"));
        }

        await using var store = await PostgresStore.OpenExistingAsync(_database.Options(), readOnly: true);

        var ex = await Assert.ThrowsAsync<StoreException>(() => store.AppendAsync(Note("service:two")).AsTask());
        Assert.Equal(StoreFailure.ReadOnly, ex.Failure);
        Assert.Equal(1, (await store.HeadAsync())!.Sequence);
    }

    [Theory]
    [InlineData("UPDATE audit_events SET actor = 'eve'")]
    [InlineData("DELETE FROM audit_events")]
    [InlineData("TRUNCATE audit_events")]
    public async Task AuditEvents_EditedThroughSql_RefusedByTheTriggers(string sql)
    {
        await using var store = await PostgresStore.OpenAsync(_database.Options());
        await store.AppendAsync(Note("service:one"));

        var ex = await Assert.ThrowsAsync<PostgresException>(() => _database.ExecuteAsync(sql).AsTask());

        Assert.Equal("audit events are append-only", ex.MessageText);
        Assert.Single(await store.EventsAsync());
    }

    [Fact]
    public async Task WriteAsync_TwoStoresOnOneSchema_AppendOneChain()
    {
        // Two handles, two pools: as two processes would, each with its own in-process gate.
        await using var a = await PostgresStore.OpenAsync(_database.Options());
        await using var b = await PostgresStore.OpenAsync(_database.Options());

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 40; i++) { await a.AppendAsync(Note($"service:a/{i}")); } }),
            Task.Run(async () => { for (var i = 0; i < 40; i++) { await b.AppendAsync(Note($"service:b/{i}")); } }));

        var events = await a.EventsAsync();
        Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i), events.Select(e => e.Sequence));
        var verification = await b.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
    }

    [Fact]
    public async Task Stores_InTwoSchemasOfOneDatabase_AreIndependent()
    {
        await using var other = new TestDatabase();
        await using var a = await PostgresStore.OpenAsync(_database.Options());
        await using var b = await PostgresStore.OpenAsync(other.Options());

        await a.AppendAsync(Note("service:a"));
        await a.AppendAsync(Note("service:a"));
        await b.AppendAsync(Note("service:b"));

        Assert.Equal((2L, 1L), ((await a.HeadAsync())!.Sequence, (await b.HeadAsync())!.Sequence));
        Assert.NotEqual(WriteLock.For(_database.Schema), WriteLock.For(other.Schema));
    }

    [Fact]
    public async Task ScanAsync_NonAsciiNullAndLongColumns_HandsOutTheUtf8BytesTheHashesCover()
    {
        // The scan copies each text column's bytes as received: they must be the UTF-8 the hash was
        // computed over, for text beyond ASCII, a NULL deployment id (empty, marked absent) beside a
        // set one, and a row longer than the scan's first buffer.
        await using var store = await PostgresStore.OpenAsync(_database.Options());
        var drafts = new[]
        {
            Note("model:rankér@v1") with { Payload = """{"text":"naïve — ✓ 日本語 😀"}""", DeploymentId = null },
            Note("service:search") with { Payload = $$"""{"text":"{{new string('x', 20_000)}}"}""", DeploymentId = "dép-1", EvidenceIds = ["ev:α", "ev:β"] },
            Note("service:search") with { DeploymentId = string.Empty },
        };
        var appended = new List<AuditEvent>();
        foreach (var draft in drafts)
        {
            appended.Add(await store.AppendAsync(draft));
        }

        var scanned = await store.ReadAsync(async (tx, ct) =>
        {
            var rows = new List<(string Subject, bool HasDeployment, string Deployment, string Evidence, string Payload, string Hash)>();
            await tx.Audit.ScanAsync((in AuditRow row) =>
            {
                rows.Add((Encoding.UTF8.GetString(row.Subject), row.HasDeploymentId, Encoding.UTF8.GetString(row.DeploymentId),
                    Encoding.UTF8.GetString(row.EvidenceIds), Encoding.UTF8.GetString(row.Payload), Encoding.UTF8.GetString(row.Hash)));
                return true;
            }, ct);
            return rows;
        });

        Assert.Equal(
            appended.Select(e => (e.Subject, e.DeploymentId is not null, e.DeploymentId ?? string.Empty, string.Join('\n', e.EvidenceIds), e.Payload, e.Hash)),
            scanned);
        var verification = await store.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
    }

    private static AuditEventDraft Note(string subject) => new() { Actor = "ana", Action = AuditActions.Note, Subject = subject };

    private NpgsqlConnectionStringBuilder Builder() => new(_database.ConnectionString);
}
