using System.Diagnostics;
using Warden.Audit;
using Warden.Storage.Postgres;
using Warden.Tests.Support;

namespace Warden.Storage.Postgres.Tests;

/// <summary>Real OS processes appending to one PostgreSQL store at once, as servers and CLI runs on several machines would.</summary>
public sealed class MultiProcessAppendTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Append_FourProcessesAtOnceOnANewSchema_AllEventsContiguousAndOneChain()
    {
        const int Processes = 4;
        const int PerProcess = 50;
        // Started together on a schema nobody created yet: the first opens race too.
        var children = Enumerable.Range(0, Processes).Select(p => Start($"proc-{p}", PerProcess)).ToArray();
        try
        {
            var outputs = await Task.WhenAll(children.Select(c => c.StandardOutput.ReadToEndAsync()));
            var errors = await Task.WhenAll(children.Select(c => c.StandardError.ReadToEndAsync()));
            await Task.WhenAll(children.Select(c => c.WaitForExitAsync())).WaitAsync(Deadline);

            for (var p = 0; p < Processes; p++)
            {
                Assert.True(children[p].ExitCode == 0, $"proc-{p} exited {children[p].ExitCode}: {errors[p]}");
                Assert.Equal(PerProcess, outputs[p].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            }
        }
        finally
        {
            foreach (var child in children)
            {
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                }

                child.Dispose();
            }
        }

        await using var store = await PostgresStore.OpenExistingAsync(_database.Options(), readOnly: true);
        var events = await store.EventsAsync();
        var verification = await store.VerifyAsync();
        Assert.Equal(Enumerable.Range(1, Processes * PerProcess).Select(i => (long)i), events.Select(e => e.Sequence));
        for (var p = 0; p < Processes; p++)
        {
            // Each process's events keep their own order inside the shared log.
            Assert.Equal(Enumerable.Range(0, PerProcess).Select(i => $"service:proc-{p}/{i}"), events.Where(e => e.Actor == $"proc-{p}").Select(e => e.Subject));
        }

        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(Processes * PerProcess, verification.Events);
        Assert.Equal(1L, await _database.ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    private Process Start(string actor, int count)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Warden.Storage.Postgres.Appender.dll");
        var start = new ProcessStartInfo("dotnet", [dll, _database.Schema, actor, count.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The connection string (password included) goes by environment, never on the command line.
        start.Environment["WARDEN_APPENDER_CONNECTION"] = _database.ConnectionString;
        return Process.Start(start)!;
    }
}
