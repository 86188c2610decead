using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// Counts of <see cref="GatewayEvent"/>s per service. Thread-safe. At most
/// <see cref="MaxServices"/> distinct service names are kept (an unknown-service event may carry
/// any name a client sent); events for further names are counted in <see cref="Overflow"/>.
/// </summary>
internal sealed class EventCounters
{
    /// <summary>Distinct service names kept.</summary>
    public const int MaxServices = 256;

    private readonly ConcurrentDictionary<(string Service, GatewayEvent Kind), StrongBox<long>> _counts = new();
    private readonly ConcurrentDictionary<string, byte> _services = new(StringComparer.Ordinal);
    private readonly Lock _addGate = new();
    private long _overflow;

    /// <summary>Events not counted per service because <see cref="MaxServices"/> names were already kept.</summary>
    public long Overflow => Interlocked.Read(ref _overflow);

    /// <summary>Counts one event; a null service is kept as the empty name.</summary>
    public void Count(string? service, GatewayEvent kind)
    {
        var key = (service ?? string.Empty, kind);
        if (!_counts.TryGetValue(key, out var box))
        {
            lock (_addGate)
            {
                if (!_counts.TryGetValue(key, out box))
                {
                    if (!_services.ContainsKey(key.Item1) && _services.Count >= MaxServices)
                    {
                        Interlocked.Increment(ref _overflow);
                        return;
                    }

                    _services.TryAdd(key.Item1, 0);
                    box = new StrongBox<long>();
                    _counts[key] = box;
                }
            }
        }

        Interlocked.Increment(ref box.Value);
    }

    /// <summary>Occurrences of <paramref name="kind"/> for <paramref name="service"/> (empty name for unknown).</summary>
    public long Get(string service, GatewayEvent kind) =>
        _counts.TryGetValue((service, kind), out var box) ? Interlocked.Read(ref box.Value) : 0;

    /// <summary>Every counter, ordered by service (ordinal) then event.</summary>
    public IReadOnlyList<EventTotal> Snapshot() =>
        [.. _counts
            .Select(pair => new EventTotal(pair.Key.Service, pair.Key.Kind, Interlocked.Read(ref pair.Value.Value)))
            .OrderBy(e => e.Service, StringComparer.Ordinal)
            .ThenBy(e => e.Kind)];
}
