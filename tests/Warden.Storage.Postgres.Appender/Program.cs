using System.Globalization;
using Warden.Audit;
using Warden.Storage.Postgres;

// Usage: Warden.Storage.Postgres.Appender SCHEMA ACTOR COUNT
// The connection string comes from WARDEN_APPENDER_CONNECTION (never from the command line, where
// a password would show in the process list). Each event is one write transaction of its own.
// Prints one line per appended event ("SEQ"), exits 0 when all are written.
if (args.Length != 3 || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
{
    await Console.Error.WriteLineAsync("usage: Warden.Storage.Postgres.Appender SCHEMA ACTOR COUNT (connection string in WARDEN_APPENDER_CONNECTION)");
    return 2;
}

var connection = Environment.GetEnvironmentVariable("WARDEN_APPENDER_CONNECTION");
if (string.IsNullOrEmpty(connection))
{
    await Console.Error.WriteLineAsync("WARDEN_APPENDER_CONNECTION is not set");
    return 2;
}

var (schema, actor) = (args[0], args[1]);
var options = new PostgresStoreOptions { ConnectionString = connection, Schema = schema, LockTimeout = TimeSpan.FromSeconds(60) };
await using var store = await PostgresStore.OpenAsync(options);
for (var i = 0; i < count; i++)
{
    var appended = await store.WriteAsync((tx, ct) => tx.Audit.AppendAsync(
        new AuditEventDraft
        {
            Actor = actor,
            Action = AuditActions.Note,
            Subject = $"service:{actor}/{i.ToString(CultureInfo.InvariantCulture)}",
            Payload = $$"""{"i":{{i.ToString(CultureInfo.InvariantCulture)}}}""",
        },
        ct));
    Console.WriteLine(appended.Sequence.ToString(CultureInfo.InvariantCulture));
}

return 0;
