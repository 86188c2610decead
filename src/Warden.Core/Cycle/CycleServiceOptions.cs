namespace Warden.Core.Cycle;

/// <summary>One service's entry under <c>cycle.services</c>.</summary>
public sealed record CycleServiceOptions
{
    /// <summary>The defaults of a service the section does not name.</summary>
    public static CycleServiceOptions Default { get; } = new();

    /// <summary>The service's latest offline evaluation: an evidence.yaml, as a full path (<c>evidence</c>, relative to warden.yaml in the file), or null.</summary>
    public string? Evidence { get; init; }

    /// <summary>The Open Inference Protocol model name at the backends (<c>model</c>; default: the service's name).</summary>
    public string? Model { get; init; }

    /// <summary>The model name the cycle asks the backends about: <see cref="Model"/>, or <paramref name="service"/>'s own name.</summary>
    public string ModelFor(string service) => Model ?? service;

    /// <summary>The pending candidates (<c>candidates</c>); null: every backend but production and the registry's <c>previous</c>.</summary>
    public IReadOnlyList<string>? Candidates { get; init; }

    /// <summary>Whether a GO starts the candidate's rollout (<c>auto_rollout</c>, default false).</summary>
    public bool AutoRollout { get; init; }

    /// <summary>Whether production breaching an SLO rolls back to the registry's <c>previous</c> (<c>auto_rollback</c>, default true).</summary>
    public bool AutoRollback { get; init; } = true;
}
