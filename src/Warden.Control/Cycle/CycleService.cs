namespace Warden.Cycle;

/// <summary>One service the cycle looks at: its backends and the version its route sends production traffic to now.</summary>
/// <param name="Name">The service (gateway.services, and the registry model of the same name).</param>
/// <param name="Backends">Its versions and their base addresses.</param>
/// <param name="Production">The version serving production traffic.</param>
/// <param name="Shadow">The version mirrored to, if one.</param>
internal sealed record CycleService(string Name, IReadOnlyDictionary<string, Uri> Backends, string Production, string? Shadow);
