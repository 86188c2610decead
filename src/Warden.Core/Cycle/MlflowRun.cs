namespace Warden.Core.Cycle;

/// <summary>The MLflow run of one model version an item is about; <see cref="RunId"/> null when unknown.</summary>
/// <param name="Arm">Which version it is to the item: <c>candidate</c>, <c>production</c> or <c>rolled_back</c>.</param>
/// <param name="Version">The model version.</param>
/// <param name="RunId">The MLflow run id, or null when no evidence gave one.</param>
public sealed record MlflowRun(string Arm, string Version, string? RunId);
