using System.Collections.Frozen;

namespace Warden.Gateway.Routing;

/// <summary>
/// An immutable snapshot of every service's route. The gateway swaps whole snapshots atomically,
/// so one request sees the old table or the new one, never a mix.
/// </summary>
/// <param name="Revision">Increases by one with every change; reported by <c>warden route show</c> and <c>/metrics</c>.</param>
/// <param name="Services">Routes by service name (ordinal, case-sensitive).</param>
internal sealed record RouteTable(long Revision, FrozenDictionary<string, ServiceRoute> Services);
