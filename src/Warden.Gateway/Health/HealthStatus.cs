namespace Warden.Gateway.Health;

/// <summary>What the gateway believes about one backend.</summary>
internal enum HealthStatus
{
    /// <summary>Not probed and not used yet. Requests are forwarded; <c>/readyz</c> is not ready.</summary>
    Unknown,

    /// <summary>Answered its last probe or request.</summary>
    Up,

    /// <summary>Failed too many times in a row; requests get 503 until a probe succeeds.</summary>
    Down,
}
