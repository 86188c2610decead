using Warden.Storage.Postgres;
using Warden.Tests.Support;

namespace Warden.Storage.Postgres.Tests;

/// <summary>The store contract on a real PostgreSQL server, in a schema of its own per test.</summary>
public sealed class PostgresStoreContractTests : StoreContractTests, IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private protected override async ValueTask<IWardenStore> CreateStoreAsync() => await PostgresStore.OpenAsync(Options());

    private protected override async ValueTask<IWardenStore> ReopenAsync() => await PostgresStore.OpenExistingAsync(Options(), readOnly: false);

    protected override ValueTask TamperAsync(string sql) => _database.ExecuteAsync(sql);

    private PostgresStoreOptions Options() => _database.Options(Time);
}
