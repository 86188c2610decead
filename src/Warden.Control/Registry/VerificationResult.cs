namespace Warden.Registry;

/// <summary>A re-hash and whether it newly marked the version tampered.</summary>
internal sealed record VerificationResult(ArtifactVerification Verification, ModelVersion Version, long AuditSequence);
