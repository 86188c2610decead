namespace Warden.Gateway.Telemetry;

/// <summary>How often one event happened for one service since start.</summary>
/// <param name="Service">Service name; empty when the gateway did not know it.</param>
/// <param name="Kind">The event.</param>
/// <param name="Count">Occurrences.</param>
internal readonly record struct EventTotal(string Service, GatewayEvent Kind, long Count);
