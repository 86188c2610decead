namespace Warden.Registry;

/// <summary>Registry state as one store transaction sees it. Domain rules live in <see cref="ModelRegistry"/>, not here.</summary>
internal interface IModelRegistryRepository
{
    /// <summary>The version, or null when it is not registered.</summary>
    ValueTask<ModelVersion?> FindAsync(string model, string version, CancellationToken cancellationToken);

    /// <summary>Every version of <paramref name="model"/>, oldest registration first.</summary>
    ValueTask<IReadOnlyList<ModelVersion>> VersionsAsync(string model, CancellationToken cancellationToken);

    /// <summary>Every version of every model, by model then registration.</summary>
    ValueTask<IReadOnlyList<ModelVersion>> AllAsync(CancellationToken cancellationToken);

    /// <summary>Adds a new version (the caller has checked it is new).</summary>
    ValueTask InsertAsync(ModelVersion version, CancellationToken cancellationToken);

    /// <summary>Marks a version tampered (first mark wins; later ones are ignored).</summary>
    ValueTask MarkTamperedAsync(string model, string version, TamperMark mark, CancellationToken cancellationToken);

    /// <summary>Current aliases of <paramref name="model"/>: alias → version, ordered by alias.</summary>
    ValueTask<IReadOnlyDictionary<string, string>> AliasesAsync(string model, CancellationToken cancellationToken);

    /// <summary>Points the alias at the move's version and appends the move to the history; returns the history row's id.</summary>
    ValueTask<long> MoveAliasAsync(AliasMove move, CancellationToken cancellationToken);

    /// <summary>Alias moves of <paramref name="model"/> (optionally one alias), oldest first.</summary>
    ValueTask<IReadOnlyList<AliasMove>> HistoryAsync(string model, string? alias, CancellationToken cancellationToken);

    /// <summary>Records an artifact re-hash; returns its row id.</summary>
    ValueTask<long> AddVerificationAsync(ArtifactVerification verification, CancellationToken cancellationToken);
}
