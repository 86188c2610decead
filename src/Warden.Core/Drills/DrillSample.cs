namespace Warden.Core.Drills;

/// <summary>
/// One request of a drill's load: when it left (UTC), its status (0 when no answer came: refused,
/// reset or timed out) and the version the gateway sent it to (its <c>X-Warden-Version</c> answer
/// header, which the gateway sets on its own error answers too), or null when no answer said.
/// </summary>
public readonly record struct DrillSample(DateTimeOffset Sent, int Status, string? Version)
{
    /// <summary>True unless the answer was a 2xx.</summary>
    public bool Failed => Status is < 200 or > 299;
}
