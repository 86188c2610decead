namespace Warden.Rollouts;

/// <summary>
/// The controller's one way to move traffic (as Argo Rollouts' traffic routers): the in-process
/// gateway of <c>warden serve</c> is one provider; an nginx or Kubernetes Gateway API route would
/// be others. Setting a route that is already in force must change nothing, so the controller
/// can bring the data plane to the stored state as often as it likes (after a restart, say).
/// </summary>
internal interface ITrafficProvider
{
    /// <summary>The service's route now, or null when this provider does not route the service.</summary>
    ValueTask<TrafficRoute?> CurrentAsync(string service, CancellationToken cancellationToken);

    /// <summary>Sets the service's route; a failure is a result, not an exception.</summary>
    ValueTask<TrafficChange> ApplyAsync(string service, TrafficRoute route, TrafficGrounds grounds, CancellationToken cancellationToken);
}
