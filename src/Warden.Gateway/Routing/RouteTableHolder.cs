using System.Collections.Frozen;

namespace Warden.Gateway.Routing;

/// <summary>
/// Holds the route table in force. Readers take <see cref="Current"/> once per request (one
/// volatile read, no lock); writers publish a whole new snapshot with a compare-and-swap, so a
/// request sees the old table or the new one, never a mix, and two writers never lose an update.
/// </summary>
internal sealed class RouteTableHolder : IRouteTableSource
{
    private RouteTable _current;

    /// <summary>Starts with <paramref name="routes"/> as revision 1.</summary>
    public RouteTableHolder(IEnumerable<ServiceRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _current = new RouteTable(1, routes.ToFrozenDictionary(r => r.Service, StringComparer.Ordinal));
    }

    /// <inheritdoc />
    public RouteTable Current => Volatile.Read(ref _current);

    /// <summary>
    /// Publishes <paramref name="next"/> if the table in force is still <paramref name="expected"/>
    /// (the one the change was computed from) and <paramref name="next"/> is its successor revision.
    /// Returns false when another writer published first; the caller recomputes from the new table.
    /// </summary>
    public bool TryPublish(RouteTable expected, RouteTable next)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(next);
        if (next.Revision != expected.Revision + 1)
        {
            throw new ArgumentException($"Revision {next.Revision} does not follow {expected.Revision}.", nameof(next));
        }

        return ReferenceEquals(Interlocked.CompareExchange(ref _current, next, expected), expected);
    }

    /// <summary>The successor of <paramref name="table"/> with <paramref name="route"/> replacing its service's route.</summary>
    public static RouteTable With(RouteTable table, ServiceRoute route)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(route);
        var services = new Dictionary<string, ServiceRoute>(table.Services, StringComparer.Ordinal)
        {
            [route.Service] = route,
        };
        return new RouteTable(table.Revision + 1, services.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
