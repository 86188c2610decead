using Warden.Gateway.Shadow;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Compliance;

/// <summary>
/// Judges one answer of a service with compliance labels: the top-ranked item of the ranking
/// call against the labels. Only an inference call answered 2xx is judged; an answer that cannot
/// be read, or whose top item has no label, is counted as an event and not judged.
/// </summary>
internal static class ComplianceJudge
{
    /// <summary>The judgment of <paramref name="request"/> and its answer <paramref name="response"/> (null when the answer was not JSON).</summary>
    public static ComplianceJudgment Judge(ComplianceLabels labels, ReadOnlySpan<byte> request, BodyCapture? response)
    {
        if (response is null || response.Overflowed || OipRanking.TryRead(request, response.Data) is not { } answer)
        {
            return ComplianceJudgment.Unreadable;
        }

        return labels.IsCompliant(answer.Query, answer.TopItem) switch
        {
            true => ComplianceJudgment.Compliant,
            false => ComplianceJudgment.NotCompliant,
            null => ComplianceJudgment.Unlabelled,
        };
    }

    /// <summary>
    /// <see cref="RequestOutcome.Compliant"/> for an answer with <paramref name="status"/>: null
    /// unless the backend answered 2xx; an unreadable or unlabelled 2xx answer is counted on
    /// <paramref name="observer"/> so it is never silently dropped.
    /// </summary>
    public static bool? Outcome(ComplianceLabels labels, ReadOnlySpan<byte> request, bool answered, int status, BodyCapture? response, IGatewayObserver observer, string service)
    {
        if (!answered || status is < 200 or > 299)
        {
            return null;
        }

        switch (Judge(labels, request, response))
        {
            case ComplianceJudgment.Compliant:
                return true;
            case ComplianceJudgment.NotCompliant:
                return false;
            case ComplianceJudgment.Unlabelled:
                observer.EventCounted(service, GatewayEvent.ComplianceUnlabelled);
                return null;
            default:
                observer.EventCounted(service, GatewayEvent.ComplianceUnreadable);
                return null;
        }
    }
}
