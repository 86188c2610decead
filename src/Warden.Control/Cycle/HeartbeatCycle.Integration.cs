using Warden.Channels;
using Warden.Core.Bundle;
using Warden.Core.Cycle;
using Warden.Registry;

namespace Warden.Cycle;

internal sealed partial class HeartbeatCycle
{
    private const string IntegrationEngineer = "Integration Engineer";

    // Every pending candidate's API against production's, from the live backends' metadata.
    private async Task<CyclePhaseResult> IntegrationAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var review = new Review();
        var steps = 0;
        foreach (var service in context.Services)
        {
            var candidates = PendingCandidates(context, service);
            context.Candidates[service.Name] = candidates;
            if (candidates.Count == 0)
            {
                continue;
            }

            var model = options.Cycle.For(service.Name).Model ?? service.Name;
            steps++;
            var production = await FetchAsync(context, service, service.Production, model, review, cancellationToken).ConfigureAwait(false);
            foreach (var candidate in candidates)
            {
                steps++;
                var metadata = await FetchAsync(context, service, candidate, model, review, cancellationToken).ConfigureAwait(false);
                if (production is null || metadata is null)
                {
                    review.Add(IntegrationEngineer, service.Name, candidate, "integration.api", "INCONCLUSIVE", $"metadata of {(production is null ? service.Production : candidate)} could not be fetched; see the phase's problems");
                    continue;
                }

                var breaking = ApiCompatibility.BreakingChanges(production, metadata);
                review.Add(
                    IntegrationEngineer,
                    service.Name,
                    candidate,
                    "integration.api",
                    breaking.Count == 0 ? "PASS" : "FAIL",
                    breaking.Count == 0
                        ? $"{candidate}'s inputs and outputs accept every request {service.Production} accepts (model {model})"
                        : $"{breaking.Count} breaking change(s) against {service.Production}: {string.Join("; ", breaking)}");
            }
        }

        await PublishReviewAsync(context, ChannelNames.Integration, "integration", IntegrationEngineer, review, cancellationToken).ConfigureAwait(false);
        var judged = context.Candidates.Values.Sum(c => c.Count);
        return Phase(
            CyclePhases.Integration,
            judged == 0 ? CyclePhaseStatus.Skipped : StatusOf(steps, review.Problems.Count),
            judged == 0 ? "no pending candidate" : $"{judged} pending candidate(s) against production: " + string.Join(", ", review.Findings.Select(f => $"{f.Service} {f.Version} {f.Status}")),
            review.Findings,
            review.Problems);
    }

    // cycle.services.SERVICE.candidates, else every backend but production and the registry's previous.
    private IReadOnlyList<string> PendingCandidates(CycleContext context, CycleService service)
    {
        if (options.Cycle.For(service.Name).Candidates is { } named)
        {
            return [.. named.Where(c => c != service.Production)];
        }

        var previous = context.Aliases.GetValueOrDefault(service.Name)?.GetValueOrDefault(RegistryNames.Previous);
        return [.. service.Backends.Keys.Where(v => v != service.Production && v != previous).Order(StringComparer.Ordinal)];
    }

    private async ValueTask<ModelMetadata?> FetchAsync(CycleContext context, CycleService service, string version, string model, Review review, CancellationToken cancellationToken)
    {
        if (context.Metadata.TryGetValue((service.Name, version), out var known))
        {
            return known;
        }

        if (!service.Backends.TryGetValue(version, out var backend))
        {
            review.Problems.Add($"{service.Name} {version}: not one of the service's backends ({string.Join(", ", service.Backends.Keys)}); its metadata cannot be fetched");
            return null;
        }

        try
        {
            var metadata = await ports.Metadata.FetchAsync(backend, model, cancellationToken).ConfigureAwait(false);
            context.Metadata[(service.Name, version)] = metadata;
            return metadata;
        }
        catch (CycleStepException ex)
        {
            review.Problems.Add($"{service.Name} {version}: {ex.Message}");
            return null;
        }
    }
}
