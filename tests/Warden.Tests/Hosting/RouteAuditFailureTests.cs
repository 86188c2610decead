using Microsoft.Data.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Hosting;

/// <summary>
/// A route change whose audit event cannot be written is not applied: the real store, held
/// locked by another writer (as a second process would), refuses the write after its lock timeout.
/// </summary>
public sealed class RouteAuditFailureTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private GovernedGateway _g = null!;

    public async Task InitializeAsync() => _g = await GovernedGateway.StartAsync(_dir, lockTimeout: TimeSpan.FromMilliseconds(300));

    public async Task DisposeAsync()
    {
        await _g.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void RouteSet_StoreLockedByAnotherWriter_RouteUnchangedAnswerSaysWhy()
    {
        using (var other = new SqliteConnection($"Data Source={Path.Combine(_g.DataDir, "warden.db")};Pooling=False"))
        {
            other.Open();
            using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();

            var run = _g.RouteSet("--canary", "v2", "--weight", "50");

            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith("error: route change for 'ranker' not applied: its audit event could not be written (", run.Error, StringComparison.Ordinal);
            Assert.Contains("the route is unchanged at revision 1", run.Error, StringComparison.Ordinal);
            Assert.Equal(1, _g.Host.Routes.Current.Revision);
            Assert.Null(_g.Host.Routes.Current.Services["ranker"].Canary);
        }

        // Once the other writer is gone the same change is recorded and applied.
        Assert.Equal(0, _g.RouteSet("--canary", "v2", "--weight", "50").ExitCode);
        Assert.Equal(2, _g.RouteEvents().Count);
    }
}
