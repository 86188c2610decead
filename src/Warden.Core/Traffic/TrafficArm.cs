namespace Warden.Core.Traffic;

/// <summary>Which side of a route a request went to.</summary>
internal enum TrafficArm
{
    /// <summary>The production version.</summary>
    Production,

    /// <summary>The canary version (a weighted share of live traffic).</summary>
    Canary,

    /// <summary>The shadow version (a mirrored copy; the client never sees its answer).</summary>
    Shadow,
}
