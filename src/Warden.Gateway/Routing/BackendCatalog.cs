using System.Collections.Frozen;
using Warden.Gateway.Configuration;
using Warden.Gateway.Health;

namespace Warden.Gateway.Routing;

/// <summary>
/// Every backend the configuration declares, per service. Route changes may only choose among
/// these, so the set is fixed for the life of the gateway and each has one health state.
/// </summary>
internal sealed class BackendCatalog
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, BackendState>> _byService;
    private readonly FrozenDictionary<string, IReadOnlyList<string>> _versions;
    private readonly FrozenDictionary<BackendTarget, BackendState> _byTarget;

    public BackendCatalog(IReadOnlyList<ServiceOptions> services, int failuresToMarkDown)
    {
        ArgumentNullException.ThrowIfNull(services);
        var all = new List<BackendState>();
        var byService = new Dictionary<string, FrozenDictionary<string, BackendState>>(StringComparer.Ordinal);
        var versions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            var states = new Dictionary<string, BackendState>(StringComparer.Ordinal);
            foreach (var target in service.Backends)
            {
                var state = new BackendState(service.Name, target, failuresToMarkDown, service.Protocol == BackendProtocol.Http2);
                states.Add(target.Version, state);
                all.Add(state);
            }

            byService.Add(service.Name, states.ToFrozenDictionary(StringComparer.Ordinal));
            versions.Add(service.Name, [.. service.Backends.Select(b => b.Version)]);
        }

        All = all;
        ServiceNames = [.. services.Select(s => s.Name)];
        ServiceList = string.Join(", ", ServiceNames);
        _byService = byService.ToFrozenDictionary(StringComparer.Ordinal);
        _versions = versions.ToFrozenDictionary(StringComparer.Ordinal);

        // Routes are built from the configured BackendTarget instances, so a reference lookup
        // finds them without hashing the address on every request.
        _byTarget = all.ToFrozenDictionary<BackendState, BackendTarget>(s => s.Target, ReferenceEqualityComparer.Instance);
    }

    /// <summary>Every backend of every service, in file order.</summary>
    public IReadOnlyList<BackendState> All { get; }

    /// <summary>Service names in file order.</summary>
    public IReadOnlyList<string> ServiceNames { get; }

    /// <summary>Service names as messages list them: <c>ranker, search</c>.</summary>
    public string ServiceList { get; }

    /// <summary>The versions <paramref name="service"/> may route to, in file order; null for an unknown service.</summary>
    public IReadOnlyList<string>? VersionsOf(string service) =>
        _versions.TryGetValue(service, out var versions) ? versions : null;

    /// <summary>The backend of <paramref name="service"/> named <paramref name="version"/>, or null.</summary>
    public BackendState? Find(string service, string version) =>
        _byService.TryGetValue(service, out var states) && states.TryGetValue(version, out var state) ? state : null;

    /// <summary>
    /// The state of a target taken from a route table. Every route is built from configured
    /// targets; one that is not is a bug in whoever built it.
    /// </summary>
    public BackendState Resolve(string service, BackendTarget target)
    {
        if (_byTarget.TryGetValue(target, out var state))
        {
            return state;
        }

        if (Find(service, target.Version) is { } byName && byName.Target == target)
        {
            return byName;
        }

        throw new InvalidOperationException($"Route for '{service}' names backend {target.Version} at {target.Address}, which the configuration does not declare.");
    }
}
