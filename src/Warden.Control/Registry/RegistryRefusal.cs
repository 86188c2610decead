namespace Warden.Registry;

/// <summary>
/// A registry or checkpoint action refused because of what the user asked (unknown version,
/// different bytes, missing verdict, path outside the allowed roots); nothing was written. The
/// <see cref="Exception.Message"/> states the facts; <see cref="Code"/> and <see cref="Fields"/>
/// let each front end word the fix in its own terms (the CLI's override option, the
/// admin API's <c>"override": true</c>), so no option name is decided here. The CLI exits 2.
/// </summary>
internal sealed class RegistryRefusal : Exception
{
    /// <summary>A refusal with its code (one of <see cref="RefusalCodes"/>), the facts, and the values they name.</summary>
    public RegistryRefusal(string code, string message, IReadOnlyDictionary<string, string?>? fields = null)
        : base(message)
    {
        Code = code;
        Fields = fields ?? new Dictionary<string, string?>();
    }

    /// <summary>What kind of refusal, stable for tools: one of <see cref="RefusalCodes"/>.</summary>
    public string Code { get; }

    /// <summary>The values the message names (see <see cref="RefusalFields"/>), for a front end to word the fix.</summary>
    public IReadOnlyDictionary<string, string?> Fields { get; }

    /// <summary>The field <paramref name="name"/>, or null.</summary>
    public string? Field(string name) => Fields.GetValueOrDefault(name);
}
