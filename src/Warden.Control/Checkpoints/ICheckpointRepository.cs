namespace Warden.Checkpoints;

/// <summary>Checkpoint verifications as one store transaction sees them.</summary>
internal interface ICheckpointRepository
{
    /// <summary>Appends a verification; returns its row id.</summary>
    ValueTask<long> AddAsync(CheckpointVerification verification, CancellationToken cancellationToken);

    /// <summary>The latest verification of each model/version (optionally of one model), by model then version.</summary>
    ValueTask<IReadOnlyList<CheckpointVerification>> LatestAsync(string? model, CancellationToken cancellationToken);

    /// <summary>The latest verification of one version at or before <paramref name="atOrBefore"/>, or null.</summary>
    ValueTask<CheckpointVerification?> LatestOfAsync(string model, string version, DateTimeOffset atOrBefore, CancellationToken cancellationToken);
}
