namespace Warden.Core.Configuration;

/// <summary>
/// The keys one mapping of a configuration file accepts. Loaders declare their shapes once;
/// the same lists drive unknown-key errors and the schema-drift test.
/// </summary>
/// <param name="Keys">Accepted keys, in the order the documentation lists them.</param>
internal sealed record MappingShape(IReadOnlyList<string> Keys)
{
    /// <summary>
    /// Keys that are valid elsewhere but not here, with the hint to show instead of a generic
    /// unknown-key message (e.g. <c>ablated_run</c> under the baseline).
    /// </summary>
    public IReadOnlyDictionary<string, string> Misplaced { get; init; } = new Dictionary<string, string>();

    /// <summary>The keys as a message lists them: <c>a, b, c</c>.</summary>
    public string KeyList => string.Join(", ", Keys);
}
