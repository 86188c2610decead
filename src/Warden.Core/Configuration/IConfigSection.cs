namespace Warden.Core.Configuration;

/// <summary>
/// One top-level section of <c>warden.yaml</c> (<c>policy</c>, <c>gateway</c>, ...), read by the
/// feature that owns it. <see cref="ConfigFileLoader"/> reads the file once and hands each
/// registered section its mapping; every section adds its errors to the same log, so one pass
/// reports every problem in the file (as YARP's ConfigValidator runs one small validator per
/// concern into one error list).
/// </summary>
internal interface IConfigSection
{
    /// <summary>The top-level key, e.g. <c>policy</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The keys each fixed mapping of the section accepts, by dotted path starting with
    /// <see cref="Name"/> (<c>policy</c>, <c>policy.bootstrap</c>, ...). The schema-drift test
    /// compares every registered section's keys with <c>docs/warden.schema.json</c>.
    /// </summary>
    IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; }

    /// <summary>What to write when the section is required but absent, e.g. "a gateway: section with ...".</summary>
    string Expected { get; }

    /// <summary>
    /// Mappings of this section whose keys must name entries another section declares (see
    /// <see cref="ConfigNameReference"/>); checked only when the file holds the target mapping.
    /// </summary>
    IReadOnlyList<ConfigNameReference> NameReferences => [];

    /// <summary>
    /// Checks of this section's values against what another section declares that a
    /// <see cref="ConfigNameReference"/> cannot say (e.g. a version named here must be a backend of
    /// the service in gateway.services). <see cref="ConfigFileLoader"/> runs it on the document once
    /// every section is read, so each error stands at the value as written.
    /// </summary>
    void CheckReferences(ConfigDocument document, ConfigErrorLog log)
    {
    }

    /// <summary>
    /// Reads the section. <paramref name="section"/> is empty when the file has no such section
    /// (each key then takes its default). Errors go to <paramref name="section"/>'s log; the value
    /// returned when there were errors is never used.
    /// </summary>
    object Read(MappingReader section, ConfigContext context);

    /// <summary>
    /// Reads the section written as one value (<c>store: postgres://…</c>) when it allows that
    /// shorthand; null (the default) when it does not, and the value is then reported as not a mapping.
    /// </summary>
    object? ReadScalar(ConfigScalar value, ConfigErrorLog log, ConfigContext context) => null;
}
