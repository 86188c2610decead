using Warden.Audit;

namespace Warden.Storage.Sqlite;

/// <summary>
/// Schema step 4: every attested state row carries the event that last wrote it (<c>audit_seq</c>)
/// and its digest (<c>row_sha256</c>), which that event's hashed payload repeats. Rows written
/// before this step were attested by no event of their own; the step appends one
/// <c>store.attest</c> event that vouches for them as found, and says so.
/// </summary>
internal static class RowAttestationSchema
{
    /// <summary>Who the migration attestation names as its actor.</summary>
    public const string Actor = "warden (schema step 4)";

    // alias_moves has carried audit_seq since step 2.
    public const string Sql = """
        ALTER TABLE model_versions ADD COLUMN audit_seq INTEGER;
        ALTER TABLE model_versions ADD COLUMN row_sha256 TEXT;
        ALTER TABLE model_aliases ADD COLUMN audit_seq INTEGER;
        ALTER TABLE model_aliases ADD COLUMN row_sha256 TEXT;
        ALTER TABLE alias_moves ADD COLUMN row_sha256 TEXT;
        ALTER TABLE artifact_verifications ADD COLUMN audit_seq INTEGER;
        ALTER TABLE artifact_verifications ADD COLUMN row_sha256 TEXT;
        ALTER TABLE checkpoint_verifications ADD COLUMN audit_seq INTEGER;
        ALTER TABLE checkpoint_verifications ADD COLUMN row_sha256 TEXT;
        ALTER TABLE verdict_records ADD COLUMN audit_seq INTEGER;
        ALTER TABLE verdict_records ADD COLUMN row_sha256 TEXT;
        """;

    /// <summary>Attests the rows that exist (none in a new database: then no event is written).</summary>
    public static async ValueTask AttestExistingAsync(SqliteStoreTransaction tx, CancellationToken cancellationToken)
    {
        var rows = new List<StateRowRef>();
        // The tables of this step only: this code runs when a database is upgraded through step 4,
        // before any later step has created its tables.
        await foreach (var row in new SqliteStateRows(tx).ReadAllAsync(StateTables.SchemaFour, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row.Ref);
        }

        if (rows.Count == 0)
        {
            return;
        }

        await tx.Audit.AppendAsync(new AuditEventDraft
        {
            Actor = Actor,
            Action = AuditActions.StateAttest,
            Subject = "store:schema-4",
            Payload = Registry.AuditPayload.Of(new
            {
                SchemaVersion = 4,
                Rows = rows.Count,
                Note = "these rows were written before rows were attested by their own events; this event vouches for their content as found when the database was upgraded, not for how it got there",
            }),
            Attests = rows,
        }, cancellationToken).ConfigureAwait(false);
    }
}
