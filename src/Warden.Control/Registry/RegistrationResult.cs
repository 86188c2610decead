namespace Warden.Registry;

/// <summary>The version as stored, and whether this call added it (false: same bytes were already registered, nothing written).</summary>
internal sealed record RegistrationResult(ModelVersion Version, bool Added, long? AuditSequence);
