using System.Collections.Frozen;

namespace Warden.Core.Privacy;

/// <summary>
/// What never reaches a log, the request log, a report or an audit payload: the field names of
/// <c>gateway.telemetry.redact</c> (matched without regard to case), the credential headers, and
/// secret-looking query parameters, whatever the configuration says (docs/telemetry.md "Secrets
/// and personal data"). A masked value becomes <see cref="Marker"/>, never a hash: a hash of an
/// enumerable value such as a user id or an e-mail address is undone by hashing every candidate.
/// </summary>
internal sealed partial class SensitiveFields
{
    /// <summary>What a masked value is replaced with.</summary>
    public const string Marker = "[redacted]";

    // Headers that carry credentials; never written anywhere, whatever the configuration says.
    private static readonly FrozenSet<string> CredentialHeaders = new[]
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Query parameters that hold a secret by name (API keys, signed-URL signatures, passwords).
    private static readonly FrozenSet<string> SecretParameterNames = new[]
    {
        "key", "sig", "pwd", "pass", "auth", "code",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // ...and those holding one in part of their name: access_token, client_secret, X-Amz-Signature.
    private static readonly string[] SecretParameterParts =
        ["token", "secret", "password", "passwd", "signature", "credential", "apikey", "api_key", "api-key"];

    private readonly FrozenSet<string> _names;

    /// <summary>The configured names; an empty list masks only what is always masked.</summary>
    public SensitiveFields(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = names.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        Names = [.. _names.Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Nothing configured: only credentials and secret-looking parameters are masked.</summary>
    public static SensitiveFields None { get; } = new([]);

    /// <summary>The configured names, sorted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>True when <paramref name="name"/> is a configured field (any case).</summary>
    public bool IsSensitive(string name) => _names.Contains(name);

    /// <summary>True for <c>Authorization</c>, <c>Proxy-Authorization</c>, <c>Cookie</c> and <c>Set-Cookie</c> (any case).</summary>
    public static bool IsCredentialHeader(string name) => CredentialHeaders.Contains(name);

    /// <summary>True when the value of header <paramref name="name"/> must not be written: a credential header or a configured field.</summary>
    public bool IsSensitiveHeader(string name) => IsCredentialHeader(name) || IsSensitive(name);

    /// <summary>True when a query parameter or configuration key named <paramref name="name"/> holds a secret or a configured field.</summary>
    public bool IsSecretParameter(string name)
    {
        if (IsSensitive(name) || SecretParameterNames.Contains(name))
        {
            return true;
        }

        foreach (var part in SecretParameterParts)
        {
            if (name.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
