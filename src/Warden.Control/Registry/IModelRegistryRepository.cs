namespace Warden.Registry;

/// <summary>Registry state as one store transaction sees it. Domain rules live in <see cref="ModelRegistry"/>, not here.</summary>
internal interface IModelRegistryRepository
{
    /// <summary>The version, or null when it is not registered.</summary>
    ModelVersion? Find(string model, string version);

    /// <summary>Every version of <paramref name="model"/>, oldest registration first.</summary>
    IReadOnlyList<ModelVersion> Versions(string model);

    /// <summary>Every version of every model, by model then registration.</summary>
    IReadOnlyList<ModelVersion> All();

    /// <summary>Adds a new version (the caller has checked it is new).</summary>
    void Insert(ModelVersion version);

    /// <summary>Marks a version tampered (first mark wins; later ones are ignored).</summary>
    void MarkTampered(string model, string version, TamperMark mark);

    /// <summary>Current aliases of <paramref name="model"/>: alias → version, ordered by alias.</summary>
    IReadOnlyDictionary<string, string> Aliases(string model);

    /// <summary>Points the alias at the move's version and appends the move to the history; returns the history row's id.</summary>
    long MoveAlias(AliasMove move);

    /// <summary>Alias moves of <paramref name="model"/> (optionally one alias), oldest first.</summary>
    IReadOnlyList<AliasMove> History(string model, string? alias);

    /// <summary>Records an artifact re-hash; returns its row id.</summary>
    long AddVerification(ArtifactVerification verification);
}
