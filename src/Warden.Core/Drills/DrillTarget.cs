namespace Warden.Core.Drills;

/// <summary>One entry of <c>drill.services</c>: where a service's drills run and how a fault gets in.</summary>
public sealed record DrillTarget
{
    /// <summary>The service drilled (a service of gateway.services).</summary>
    public required string Service { get; init; }

    /// <summary>
    /// The drill copy of the service's route (<c>route</c>, default <c>SERVICE-drill</c>): a gateway
    /// service of its own, with its own path prefix and backends, so a drill moves no user's traffic.
    /// </summary>
    public required string Route { get; init; }

    /// <summary>The version of the drill route (and of the service, for <c>--on-live</c>) that runs the faulty build (<c>candidate</c>).</summary>
    public required string Candidate { get; init; }

    /// <summary>The faulty build's fault endpoint (<c>faults</c>): the reference model server's <c>PUT /admin/faults</c>.</summary>
    public required Uri Faults { get; init; }

    /// <summary>The JSON body of each drill request (<c>request.body</c>, a file resolved against warden.yaml's folder).</summary>
    public required string RequestBody { get; init; }

    /// <summary>The path of each drill request below the route's prefix (<c>request.path</c>, default <c>v2/models/SERVICE/infer</c>).</summary>
    public required string RequestPath { get; init; }
}
