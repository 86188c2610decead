namespace Warden.Registry;

/// <summary>One registered version of a model: its artifact pinned by sha256, its lineage, who registered it and whether it was found tampered.</summary>
internal sealed record ModelVersion
{
    /// <summary>Model name, e.g. <c>ranker</c>.</summary>
    public required string Model { get; init; }

    /// <summary>Version, e.g. <c>v2</c>.</summary>
    public required string Version { get; init; }

    /// <summary>Absolute path of the artifact with symlinks resolved.</summary>
    public required string ArtifactPath { get; init; }

    /// <summary>sha256 of the artifact's bytes at registration (lowercase hex).</summary>
    public required string Sha256 { get; init; }

    /// <summary>Size of the artifact in bytes.</summary>
    public required long SizeBytes { get; init; }

    /// <summary>Where the version came from.</summary>
    public required Lineage Lineage { get; init; }

    /// <summary>Free-form <c>key=value</c> tags, ordered by key.</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>When it was registered.</summary>
    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Who registered it.</summary>
    public required string RegisteredBy { get; init; }

    /// <summary>Set once a re-hash found other bytes (or no file); never cleared.</summary>
    public TamperMark? Tampered { get; init; }

    /// <summary>The subject audit events about this version name: <c>model:NAME@VERSION</c>.</summary>
    public string Subject => Subjects.Version(Model, Version);
}
