using Warden.Audit;
using Warden.Storage;

namespace Warden.Access;

/// <summary>
/// Checks a presented token: its form (without reading the store), the row its public id names,
/// the secret against the stored salted hash in constant time, then revocation, expiry on
/// <paramref name="time"/>, and finally that the audit log vouches for the row, so a role edited
/// into the database by hand grants nothing.
/// </summary>
internal sealed class TokenVerifier(IWardenStore store, TimeProvider time)
{
    /// <summary>What <paramref name="presented"/> is worth now.</summary>
    public async Task<TokenCheck> VerifyAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (!TokenText.TryParse(presented, out var id, out var secret))
        {
            return new TokenCheck { Outcome = TokenOutcome.Malformed };
        }

        var now = time.GetUtcNow();
        return await store.ReadAsync(async (tx, ct) =>
        {
            if (await tx.Tokens.FindByIdAsync(id, ct).ConfigureAwait(false) is not { } token)
            {
                return new TokenCheck { Outcome = TokenOutcome.Unknown };
            }

            // The secret first: whoever does not hold it learns nothing about the token, not even
            // that it is revoked or expired.
            if (!TokenHash.Matches(token.Salt, token.Hash, secret))
            {
                return new TokenCheck { Outcome = TokenOutcome.WrongSecret };
            }

            if (token.RevokedAt is not null)
            {
                return new TokenCheck { Outcome = TokenOutcome.Revoked, Name = token.Name };
            }

            if (token.IsExpired(now))
            {
                return new TokenCheck { Outcome = TokenOutcome.Expired, Name = token.Name };
            }

            if (await StateRowVerifier.VerifyOneAsync(tx.Audit, tx.Rows, AttestedTables.Token(token.Id), ct).ConfigureAwait(false) is { } problem)
            {
                return new TokenCheck { Outcome = TokenOutcome.NotVouched, Name = token.Name, Problem = problem };
            }

            return new TokenCheck { Outcome = TokenOutcome.Valid, Name = token.Name, Role = token.Role, ExpiresAt = token.ExpiresAt };
        }, cancellationToken).ConfigureAwait(false);
    }
}
