using Warden.Audit;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Access;

/// <summary>
/// Creates and revokes API tokens. Each change and the audit event that attests its row commit in
/// one transaction; a refusal writes nothing. The token's text leaves only through
/// <see cref="IssuedToken.Text"/>: the store keeps a salted hash, the audit payload the id, name,
/// role and expiry.
/// </summary>
internal sealed class TokenIssuer(IWardenStore store)
{
    /// <summary>
    /// Creates a token named <paramref name="name"/> with <paramref name="role"/>, expiring
    /// <paramref name="lifetime"/> after now (null: never). A name is never reused, not even
    /// after a revocation, so an actor name in the audit log always means one token.
    /// </summary>
    public async Task<IssuedToken> CreateAsync(string name, Role role, TimeSpan? lifetime, string actor, CancellationToken cancellationToken = default)
    {
        TokenNames.Check(name);
        if (lifetime is { } span && span <= TimeSpan.Zero)
        {
            throw new TokenRefusal($"a token's lifetime must be positive; got {span}.");
        }

        var (id, secret) = TokenText.Generate();
        var salt = TokenHash.NewSalt();
        var hash = TokenHash.Compute(salt, secret);
        return await store.WriteAsync(async (tx, ct) =>
        {
            if (await tx.Tokens.FindByNameAsync(name, ct).ConfigureAwait(false) is { } existing)
            {
                throw new TokenRefusal(
                    $"a token named '{name}' already exists ({Roles.Name(existing.Role)}, created by {existing.CreatedBy}" +
                    (existing.RevokedAt is null ? ")" : ", revoked)") +
                    "; names are never reused, so each actor name in the audit log means one token. Choose another name.");
            }

            var token = new StoredToken
            {
                Id = id,
                Name = name,
                Role = role,
                Salt = salt,
                Hash = hash,
                CreatedAt = tx.Now,
                CreatedBy = actor,
                ExpiresAt = lifetime is { } l ? tx.Now + l : null,
            };
            if (!await tx.Tokens.AddAsync(token, ct).ConfigureAwait(false))
            {
                // 64 random bits colliding with an existing id: astronomically unlikely, never silent.
                throw new InvalidOperationException($"token id {id} is already taken; nothing was written. Run the command again.");
            }

            var recorded = await tx.Audit.AppendAsync(new AuditEventDraft
            {
                Actor = actor,
                Action = AuditActions.TokenCreate,
                Subject = token.Subject,
                Payload = AuditPayload.Of(new { token.Id, token.Name, Role = Roles.Name(role), token.ExpiresAt }),
                Attests = [AttestedTables.Token(id)],
            }, ct).ConfigureAwait(false);
            return new IssuedToken(token, TokenText.Format(id, secret), recorded.Sequence);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes the token named <paramref name="name"/>; refused when there is none or it is already revoked.</summary>
    public async Task<(StoredToken Token, long AuditSequence)> RevokeAsync(string name, string actor, CancellationToken cancellationToken = default) =>
        await store.WriteAsync(async (tx, ct) =>
        {
            var token = await tx.Tokens.FindByNameAsync(name, ct).ConfigureAwait(false);
            if (token is null)
            {
                var known = (await tx.Tokens.ListAsync(ct).ConfigureAwait(false)).Where(t => t.RevokedAt is null).Select(t => t.Name).ToList();
                throw new TokenRefusal(
                    $"no token is named '{name}'; " +
                    (known.Count == 0 ? "there are no active tokens." : $"active tokens: {string.Join(", ", known)} ('warden token list' shows all)."));
            }

            if (token.RevokedAt is { } revokedAt)
            {
                throw new TokenRefusal($"token '{name}' was already revoked at {AuditHash.FormatTime(revokedAt)} by {token.RevokedBy}; nothing was changed.");
            }

            if (!await tx.Tokens.RevokeAsync(token.Id, tx.Now, actor, ct).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"token '{name}' ({token.Id}) could not be revoked though it was found unrevoked in the same transaction");
            }

            var recorded = await tx.Audit.AppendAsync(new AuditEventDraft
            {
                Actor = actor,
                Action = AuditActions.TokenRevoke,
                Subject = token.Subject,
                Payload = AuditPayload.Of(new { token.Id, token.Name, Role = Roles.Name(token.Role) }),
                Attests = [AttestedTables.Token(token.Id)],
            }, ct).ConfigureAwait(false);
            var revoked = await tx.Tokens.FindByIdAsync(token.Id, ct).ConfigureAwait(false);
            return (revoked!, recorded.Sequence);
        }, cancellationToken).ConfigureAwait(false);
}
