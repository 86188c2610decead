using Warden.Core.Guard;

namespace Warden.Guard;

/// <summary>One trigger of a watched rollout: its reading at the latest look and one point per second before it.</summary>
/// <param name="Current">The latest look's reading (of the window closest to, or furthest over, the threshold).</param>
/// <param name="Points">One point per second with an armed reading, oldest first.</param>
internal sealed record GuardTriggerReadings(TriggerReading Current, IReadOnlyList<GuardPoint> Points);
