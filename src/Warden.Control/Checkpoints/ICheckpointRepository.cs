namespace Warden.Checkpoints;

/// <summary>Checkpoint verifications as one store transaction sees them.</summary>
internal interface ICheckpointRepository
{
    /// <summary>Appends a verification; returns its row id.</summary>
    long Add(CheckpointVerification verification);

    /// <summary>The latest verification of each model/version (optionally of one model), by model then version.</summary>
    IReadOnlyList<CheckpointVerification> Latest(string? model);

    /// <summary>The latest verification of one version at or before <paramref name="atOrBefore"/>, or null.</summary>
    CheckpointVerification? LatestOf(string model, string version, DateTimeOffset atOrBefore);
}
