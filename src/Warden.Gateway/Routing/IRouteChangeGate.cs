namespace Warden.Gateway.Routing;

/// <summary>
/// The one port every route change passes through before it is published, and the only way from
/// the data plane to Warden's store. The composition root (<c>warden serve</c>) plugs in the
/// store-backed gate: it applies the registry's promotion rule to a change of production and
/// commits the change's audit event. The gateway publishes only what the gate allowed, and only
/// after it returned: a change whose audit event was not written is not applied.
/// </summary>
internal interface IRouteChangeGate
{
    /// <summary>
    /// Judges <paramref name="change"/> and, when allowed, records it durably before returning.
    /// Throwing counts as <see cref="RouteChangeOutcome.NotRecorded"/>: nothing is published.
    /// </summary>
    ValueTask<RouteChangeDecision> DecideAsync(RouteChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Records the route table the gateway starts with (from its configuration), before it listens;
    /// a failure stops the start.
    /// </summary>
    ValueTask RecordStartAsync(RouteTable table, CancellationToken cancellationToken);
}
