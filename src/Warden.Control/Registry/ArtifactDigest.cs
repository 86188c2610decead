namespace Warden.Registry;

/// <summary>sha256 (lowercase hex) and size of an artifact's bytes.</summary>
internal sealed record ArtifactDigest(string Sha256, long SizeBytes);
