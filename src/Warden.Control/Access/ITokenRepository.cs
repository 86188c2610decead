namespace Warden.Access;

/// <summary>
/// The <c>api_tokens</c> table. Rows are attested state (docs/audit.md): whoever writes one appends
/// the event that attests it in the same transaction (<see cref="TokenIssuer"/> does).
/// </summary>
internal interface ITokenRepository
{
    /// <summary>Inserts <paramref name="token"/>; false, writing nothing, when its name or id is taken.</summary>
    ValueTask<bool> AddAsync(StoredToken token, CancellationToken cancellationToken);

    /// <summary>The token with public id <paramref name="id"/>, or null.</summary>
    ValueTask<StoredToken?> FindByIdAsync(string id, CancellationToken cancellationToken);

    /// <summary>The token named <paramref name="name"/>, or null.</summary>
    ValueTask<StoredToken?> FindByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every token, oldest first, revoked ones included.</summary>
    ValueTask<IReadOnlyList<StoredToken>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Marks the token revoked at <paramref name="at"/> by <paramref name="by"/>; false when it is unknown or already revoked.</summary>
    ValueTask<bool> RevokeAsync(string id, DateTimeOffset at, string by, CancellationToken cancellationToken);
}
