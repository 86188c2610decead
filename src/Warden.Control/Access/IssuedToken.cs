namespace Warden.Access;

/// <summary>A token just created: its row, its text (shown to the user once, stored nowhere), and the event that recorded it.</summary>
/// <param name="Token">The stored row.</param>
/// <param name="Text">The token, <c>wdn_ID_SECRET</c>.</param>
/// <param name="AuditSequence">The <c>token.create</c> event.</param>
internal sealed record IssuedToken(StoredToken Token, string Text, long AuditSequence)
{
    /// <summary>Never the token's text: a record's generated ToString would print it into any log that formats this value.</summary>
    public override string ToString() => $"token {Token.Name} ({Roles.Name(Token.Role)}, id {Token.Id})";
}
