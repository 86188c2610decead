using System.Diagnostics;
using Warden.Audit;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Audit;

/// <summary>Real <c>warden</c> processes against one SQLite file.</summary>
public sealed class AuditProcessTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Append_TwoProcessesAtOnce_AllEventsContiguousAndChainIntact()
    {
        const int PerProcess = 200;
        var first = StartAppender("ops-a");
        var second = StartAppender("ops-b");
        try
        {
            var feeding = new[] { Feed(first, "a", PerProcess), Feed(second, "b", PerProcess) };
            var outputs = await Task.WhenAll(first.StandardOutput.ReadToEndAsync(), second.StandardOutput.ReadToEndAsync());
            var errors = await Task.WhenAll(first.StandardError.ReadToEndAsync(), second.StandardError.ReadToEndAsync());
            await Task.WhenAll(feeding);
            await first.WaitForExitAsync().WaitAsync(Deadline);
            await second.WaitForExitAsync().WaitAsync(Deadline);

            Assert.True(first.ExitCode == 0, errors[0]);
            Assert.True(second.ExitCode == 0, errors[1]);
            Assert.All(outputs, o => Assert.Equal(PerProcess, o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length));
        }
        finally
        {
            Stop(first);
            Stop(second);
        }

        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path });
        var events = await store.EventsAsync();
        var result = await store.ReadAsync((tx, ct) => AuditChainVerifier.VerifyAsync(tx.Audit, cancellationToken: ct));
        Assert.Equal(Enumerable.Range(1, 2 * PerProcess).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(PerProcess, events.Count(e => e.Actor == "ops-a"));
        Assert.Equal(PerProcess, events.Count(e => e.Actor == "ops-b"));
        // Each process's notes keep their own order inside the shared log.
        Assert.Equal(Enumerable.Range(0, PerProcess).Select(i => $"service:a/{i}"), events.Where(e => e.Actor == "ops-a").Select(e => e.Subject));
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(2 * PerProcess, result.Events);
    }

    [Fact]
    public async Task Append_KilledRightAfterAcknowledging_EventIsOnDisk()
    {
        var process = StartAppender("ops-k");
        string acknowledged;
        try
        {
            await process.StandardInput.WriteLineAsync("""{"subject":"service:search","payload":{"text":"before the crash"}}""");
            await process.StandardInput.FlushAsync();
            acknowledged = (await process.StandardOutput.ReadLineAsync().WaitAsync(Deadline))!;

            // SIGKILL while the process still waits for its next line: no shutdown code runs.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(Deadline);
        }
        finally
        {
            Stop(process);
        }

        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path });
        var events = await store.EventsAsync();
        var result = await store.ReadAsync((tx, ct) => AuditChainVerifier.VerifyAsync(tx.Audit, cancellationToken: ct));
        var e = Assert.Single(events);
        Assert.Equal($"evt-1 {e.Hash}", acknowledged);
        Assert.Equal("""{"text":"before the crash"}""", e.Payload);
        Assert.True(result.Intact, result.Problem);
    }

    [Fact]
    public async Task Verify_RowDeletedByHand_ProcessExitsSixNamingTheGap()
    {
        await using (var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path }))
        {
            for (var i = 1; i <= 5; i++)
            {
                var subject = $"service:search/{i}";
                await store.AppendAsync(new AuditEventDraft { Actor = "ana", Action = AuditActions.Note, Subject = subject });
            }
        }

        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_dir.File("warden.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq = 4";
            command.ExecuteNonQuery();
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "audit", "verify", "--data-dir", _dir.Path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(Deadline);
        await process.WaitForExitAsync().WaitAsync(Deadline);

        Assert.Equal(6, process.ExitCode);
        Assert.Contains("BROKEN at evt-4: evt-4 missing: the log jumps from evt-3 to evt-5 (deleted rows)", output, StringComparison.Ordinal);
    }

    private Process StartAppender(string actor)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "audit", "append", "--from", "-", "--data-dir", _dir.Path, "--actor", actor])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start)!;
    }

    private static async Task Feed(Process process, string name, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await process.StandardInput.WriteLineAsync($$$"""{"subject":"service:{{{name}}}/{{{i}}}","payload":{"i":{{{i}}}}}""");
        }

        process.StandardInput.Close();
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
