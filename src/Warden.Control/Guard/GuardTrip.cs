namespace Warden.Guard;

/// <summary>The trip that rolled a rollout back, as <see cref="GuardReadingLog"/> keeps it.</summary>
/// <param name="Trigger">The trigger's name (<c>error_rate</c>, …).</param>
/// <param name="Time">When the guard detected it.</param>
/// <param name="RollbackRunId">The rollback's run id (<c>rb-…</c>), the name of its reports folder.</param>
internal sealed record GuardTrip(string Trigger, DateTimeOffset Time, string RollbackRunId);
