using Npgsql;
using Warden.Access;
using Warden.Audit;
using static Warden.Storage.Postgres.PostgresValues;

namespace Warden.Storage.Postgres;

/// <summary><see cref="ITokenRepository"/> over <c>api_tokens</c>.</summary>
internal sealed class PostgresTokens(PostgresStoreTransaction tx) : ITokenRepository
{
    private const string Columns = "id, name, role, salt, hash, created_at, created_by, expires_at, revoked_at, revoked_by";

    /// <inheritdoc />
    public async ValueTask<bool> AddAsync(StoredToken token, CancellationToken cancellationToken)
    {
        // ON CONFLICT DO NOTHING (any unique constraint): a taken name or id is an answer (false), not an exception.
        await using var command = tx.Command(
            $"INSERT INTO api_tokens ({Columns}) VALUES (@id, @name, @role, @salt, @hash, @createdAt, @createdBy, @expiresAt, @revokedAt, @revokedBy) ON CONFLICT DO NOTHING");
        Add(command, "id", token.Id);
        Add(command, "name", token.Name);
        Add(command, "role", Roles.Name(token.Role));
        Add(command, "salt", token.Salt);
        Add(command, "hash", token.Hash);
        Add(command, "createdAt", Time(token.CreatedAt));
        Add(command, "createdBy", token.CreatedBy);
        Add(command, "expiresAt", token.ExpiresAt is { } e ? Time(e) : null);
        Add(command, "revokedAt", token.RevokedAt is { } r ? Time(r) : null);
        Add(command, "revokedBy", token.RevokedBy);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<StoredToken?> FindByIdAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {Columns} FROM api_tokens WHERE id = @id");
        Add(command, "id", id);
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc />
    public async ValueTask<StoredToken?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {Columns} FROM api_tokens WHERE name = @name");
        Add(command, "name", name);
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredToken>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {Columns} FROM api_tokens ORDER BY created_at, id");
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RevokeAsync(string id, DateTimeOffset at, string by, CancellationToken cancellationToken)
    {
        await using var command = tx.Command("UPDATE api_tokens SET revoked_at = @at, revoked_by = @by WHERE id = @id AND revoked_at IS NULL");
        Add(command, "id", id);
        Add(command, "at", Time(at));
        Add(command, "by", by);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async ValueTask<IReadOnlyList<StoredToken>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<StoredToken>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = r.GetString(0);
            var roleText = r.GetString(2);
            list.Add(new StoredToken
            {
                Id = id,
                Name = r.GetString(1),
                // Only a name Warden writes is read back: anything else was written outside Warden.
                Role = Roles.TryParse(roleText, out var role)
                    ? role
                    : throw new InvalidOperationException(
                        $"{AttestedTables.Tokens} {id}: role '{roleText}' is not one of {Roles.Names}; " +
                        "the row was changed outside Warden (warden audit verify names such rows)"),
                Salt = r.GetString(3),
                Hash = r.GetString(4),
                CreatedAt = Time(r, 5),
                CreatedBy = r.GetString(6),
                ExpiresAt = TimeOrNull(r, 7),
                RevokedAt = TimeOrNull(r, 8),
                RevokedBy = Text(r, 9),
            });
        }

        return list;
    }
}
