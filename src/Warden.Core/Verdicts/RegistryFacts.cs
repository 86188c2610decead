namespace Warden.Core.Verdicts;

/// <summary>
/// What Warden's registry knows about the two arms, read by the caller and passed in so the
/// checks stay pure. Present only when the verdict ran against a store and the bundle names
/// its model; null members mean the registry has nothing on that arm.
/// </summary>
public sealed record RegistryFacts
{
    /// <summary>Where the facts came from, e.g. <c>sqlite:/srv/.warden/warden.db</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Model name the bundle gives.</summary>
    public required string Model { get; init; }

    /// <summary>The baseline version as registered, if it is.</summary>
    public RegisteredArtifact? Baseline { get; init; }

    /// <summary>The candidate version as registered, if it is.</summary>
    public RegisteredArtifact? Candidate { get; init; }

    /// <summary>The baseline's latest checkpoint verification at or before the verdict's as-of time, if any.</summary>
    public RegistryCheckpoint? Checkpoint { get; init; }

    /// <summary>The model's latest fault drill recorded at or before the verdict's as-of time, if any (<c>warden drill</c>).</summary>
    public RegistryDrill? Drill { get; init; }
}
