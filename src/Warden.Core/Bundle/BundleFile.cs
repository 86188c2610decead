namespace Warden.Core.Bundle;

/// <summary>A file named in an evidence bundle: its path as written (relative to the bundle) and an optional pinned sha256.</summary>
/// <param name="Path">Path as written in the bundle.</param>
/// <param name="Sha256">Pinned sha256 (64 lowercase hex digits), or null when not pinned.</param>
public sealed record BundleFile(string Path, string? Sha256 = null)
{
    /// <summary>Dotted key of the entry, e.g. <c>candidate.run</c> or <c>candidate.run.path</c>, for messages about the file on disk.</summary>
    public string Field { get; init; } = string.Empty;

    /// <summary>1-based line of the path in <c>evidence.yaml</c> (0 when unknown).</summary>
    public long Line { get; init; }

    /// <summary>1-based column of the path in <c>evidence.yaml</c> (0 when unknown).</summary>
    public long Column { get; init; }
}
