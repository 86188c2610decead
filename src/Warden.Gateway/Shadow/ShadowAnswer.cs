namespace Warden.Gateway.Shadow;

/// <summary>One side's answer to a mirrored request: its status, latency and (for JSON) body.</summary>
/// <param name="Answered">False when the backend gave no HTTP answer (refused, reset, timed out, client gone); nothing is compared then.</param>
/// <param name="Status">HTTP status.</param>
/// <param name="LatencyMs">Time to the end of the response.</param>
/// <param name="Body">The captured JSON body, or null.</param>
internal sealed record ShadowAnswer(bool Answered, int Status, double LatencyMs, BodyCapture? Body);
