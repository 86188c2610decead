namespace Warden.Access;

/// <summary>What checking a presented token found.</summary>
internal enum TokenOutcome
{
    /// <summary>The token is good: the check carries its name and role.</summary>
    Valid,

    /// <summary>Not of the form <c>wdn_ID_SECRET</c>; the store was not read.</summary>
    Malformed,

    /// <summary>No token has this id.</summary>
    Unknown,

    /// <summary>The id exists but the secret does not hash to the stored hash.</summary>
    WrongSecret,

    /// <summary>The token was revoked.</summary>
    Revoked,

    /// <summary>The token's expiry instant has come (the instant itself counts as expired).</summary>
    Expired,

    /// <summary>The token's row is not vouched for by the audit log (edited by hand): not trusted.</summary>
    NotVouched,
}
