namespace Warden.Core.Traffic;

/// <summary>Wire names of <see cref="TrafficArm"/> (label values, JSON fields, query parameters).</summary>
internal static class TrafficArms
{
    /// <summary><c>production</c>, <c>canary</c> or <c>shadow</c>.</summary>
    public static string Name(TrafficArm arm) => arm switch
    {
        TrafficArm.Production => "production",
        TrafficArm.Canary => "canary",
        TrafficArm.Shadow => "shadow",
        _ => "unknown",
    };

    /// <summary>Parses a wire name (exact, lower case).</summary>
    public static bool TryParse(string? text, out TrafficArm arm)
    {
        (var ok, arm) = text switch
        {
            "production" => (true, TrafficArm.Production),
            "canary" => (true, TrafficArm.Canary),
            "shadow" => (true, TrafficArm.Shadow),
            _ => (false, TrafficArm.Production),
        };
        return ok;
    }
}
