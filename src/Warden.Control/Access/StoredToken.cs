namespace Warden.Access;

/// <summary>One row of <c>api_tokens</c>: who a token is and what it may do. Never the token itself.</summary>
internal sealed record StoredToken
{
    /// <summary>The public id, the part of the token between <c>wdn_</c> and the secret.</summary>
    public required string Id { get; init; }

    /// <summary>Unique name; the actor of everything done with the token.</summary>
    public required string Name { get; init; }

    public required Role Role { get; init; }

    /// <summary>Random salt of the secret's hash (hex).</summary>
    public required string Salt { get; init; }

    /// <summary>SHA-256(salt || secret) (hex); see <see cref="TokenHash"/>.</summary>
    public required string Hash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who created it (<c>--actor</c>).</summary>
    public required string CreatedBy { get; init; }

    /// <summary>From this instant on the token is refused; null: never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public string? RevokedBy { get; init; }

    /// <summary>The audit subject of the token's events: <c>token:NAME</c>.</summary>
    public string Subject => TokenNames.Subject(Name);

    /// <summary>Name, role and id only: salt and hash stay out of anything that formats this value (logs, messages).</summary>
    public override string ToString() => $"token {Name} ({Roles.Name(Role)}, id {Id})";

    /// <summary>True when <paramref name="now"/> is at or after <see cref="ExpiresAt"/>: the expiry instant itself is expired.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && now >= expires;
}
