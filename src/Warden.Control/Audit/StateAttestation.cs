namespace Warden.Audit;

/// <summary>What one event's payload says about one state row: the row's digest when the event was written.</summary>
/// <param name="Row">The row.</param>
/// <param name="Sha256">The row's <see cref="StateRowDigest"/> (lowercase hex).</param>
internal sealed record StateAttestation(StateRowRef Row, string Sha256);
