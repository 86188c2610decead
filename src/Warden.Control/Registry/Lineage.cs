namespace Warden.Registry;

/// <summary>Training lineage of a model version; every field optional.</summary>
internal sealed record Lineage
{
    /// <summary>Training run id (e.g. the MLflow run).</summary>
    public string? RunId { get; init; }

    /// <summary>Version of the training data.</summary>
    public string? DataVersion { get; init; }

    /// <summary>Code revision (git commit) the model was trained with.</summary>
    public string? CodeRev { get; init; }

    /// <summary>The environment manifest given with <c>--env</c>, if any.</summary>
    public EnvironmentRecord? Environment { get; init; }
}
