namespace Warden.Cycle;

/// <summary>Where the cycle learns which services exist and what each one's production is: the running gateway's route table inside <c>warden serve</c>, warden.yaml and the registry for <c>warden cycle run --once</c>.</summary>
internal interface ICycleServices
{
    /// <summary>Every service the cycle governs (drill routes excluded), in name order.</summary>
    ValueTask<IReadOnlyList<CycleService>> ListAsync(CancellationToken cancellationToken);
}
