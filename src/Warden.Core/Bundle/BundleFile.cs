namespace Warden.Core.Bundle;

/// <summary>A file named in an evidence bundle: its path as written (relative to the bundle) and an optional pinned sha256.</summary>
/// <param name="Path">Path as written in the bundle.</param>
/// <param name="Sha256">Pinned sha256 (64 lowercase hex digits), or null when not pinned.</param>
public sealed record BundleFile(string Path, string? Sha256 = null);
