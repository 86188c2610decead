using Warden.Rollouts;

namespace Warden.Cycle;

/// <summary>The cycle's ways out of the store: each narrow, each with a real implementation (HTTP, the gateway in process).</summary>
internal sealed record CyclePorts
{
    /// <summary>The services and their production.</summary>
    public required ICycleServices Services { get; init; }

    /// <summary>The backends' model metadata.</summary>
    public required IModelMetadataSource Metadata { get; init; }

    /// <summary>Recovery drills, or null where none can run (<c>warden cycle run --once</c> has no gateway).</summary>
    public ICycleDrills? Drills { get; init; }

    /// <summary>The route table a cycle rollback switches at once, or null: the controller of any running server then follows the stored rollback.</summary>
    public ITrafficProvider? Traffic { get; init; }

    /// <summary>Shadow score correlations, or null outside <c>warden serve</c>.</summary>
    public IShadowScores? ShadowScores { get; init; }
}
