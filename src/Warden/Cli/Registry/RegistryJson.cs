using Warden.Registry;

namespace Warden.Cli.Registry;

/// <summary>The JSON shapes of <c>registry</c> commands (snake_case, docs/registry.md).</summary>
internal static class RegistryJson
{
    internal sealed record VersionJson(
        string Model,
        string Version,
        string Sha256,
        long SizeBytes,
        string ArtifactPath,
        IReadOnlyList<string> Aliases,
        LineageJson Lineage,
        IReadOnlyDictionary<string, string> Tags,
        string RegisteredAt,
        string RegisteredBy,
        TamperJson? Tampered)
    {
        public static VersionJson Of(ModelVersion v, IReadOnlyDictionary<string, string> aliases) => new(
            v.Model,
            v.Version,
            v.Sha256,
            v.SizeBytes,
            v.ArtifactPath,
            [.. aliases.Where(a => a.Value == v.Version).Select(a => a.Key)],
            new LineageJson(v.Lineage.RunId, v.Lineage.DataVersion, v.Lineage.CodeRev, v.Lineage.Environment),
            v.Tags,
            CliText.Time(v.RegisteredAt),
            v.RegisteredBy,
            v.Tampered is { } t ? new TamperJson(CliText.Time(t.At), t.Sha256Read, t.Reason) : null);
    }

    internal sealed record LineageJson(string? RunId, string? DataVersion, string? CodeRev, EnvironmentRecord? Environment);

    internal sealed record TamperJson(string At, string? Sha256Read, string Reason);

    internal sealed record MoveJson(string Alias, string? From, string To, string Time, string Actor, string Kind, string? Reason, string? DeploymentId, string Event)
    {
        public static MoveJson Of(AliasMove m) => new(
            m.Alias, m.FromVersion, m.ToVersion, CliText.Time(m.Time), m.Actor, m.Kind, m.Reason, m.DeploymentId, Warden.Audit.AuditIds.Format(m.AuditSequence));
    }
}
