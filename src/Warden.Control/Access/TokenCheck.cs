namespace Warden.Access;

/// <summary>The result of checking a presented token: the outcome and, when the secret matched, whose token it is.</summary>
internal sealed record TokenCheck
{
    public required TokenOutcome Outcome { get; init; }

    /// <summary>The token's name; set only when the secret matched (so a guess learns no names).</summary>
    public string? Name { get; init; }

    /// <summary>The token's role; set only when <see cref="Outcome"/> is <see cref="TokenOutcome.Valid"/>.</summary>
    public Role? Role { get; init; }

    /// <summary>When the token expires (null: never); set only when <see cref="Outcome"/> is <see cref="TokenOutcome.Valid"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Why a row is not vouched for (<see cref="TokenOutcome.NotVouched"/>), for the server's log; never shown to the caller.</summary>
    public string? Problem { get; init; }

    /// <summary>True for <see cref="TokenOutcome.Valid"/>.</summary>
    public bool IsValid => Outcome == TokenOutcome.Valid;
}
