namespace Warden.Drills;

/// <summary>A drill cannot go on: the gateway, the faulty build or the store said no. The message says what and the fix; the runs made so far are kept.</summary>
internal sealed class DrillStopped(string message) : Exception(message);
