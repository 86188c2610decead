namespace Warden.Storage.Sqlite;

/// <summary>Schema step 7: API tokens.</summary>
internal static class TokenSchema
{
    // id is the token's public id (hex), the part a presented token is looked up by. salt and hash
    // are hex: SHA-256(salt || secret) (Warden.Access.TokenHash); the token itself is stored nowhere.
    // Times are the audit log's fixed-width UTC text. name is unique for good, revoked tokens
    // included, so an actor name in the audit log always means one token.
    //
    // Rows are attested state (StateTables): an authorization decision trusts them, so a role
    // edited by hand is caught by 'warden audit verify' and refused by the token check. The table
    // is new and empty when this step runs: there is nothing to attest.
    public const string Sql = """
        CREATE TABLE api_tokens (
            id          TEXT PRIMARY KEY,
            name        TEXT NOT NULL UNIQUE,
            role        TEXT NOT NULL,
            salt        TEXT NOT NULL,
            hash        TEXT NOT NULL,
            created_at  TEXT NOT NULL,
            created_by  TEXT NOT NULL,
            expires_at  TEXT,
            revoked_at  TEXT,
            revoked_by  TEXT,
            audit_seq   INTEGER,
            row_sha256  TEXT
        );
        """;
}
