namespace Warden.Gateway.Compliance;

/// <summary>What the gateway made of one inference answer of a service with compliance labels.</summary>
internal enum ComplianceJudgment
{
    /// <summary>The top-ranked item is labelled compliant.</summary>
    Compliant,

    /// <summary>The top-ranked item is labelled not compliant.</summary>
    NotCompliant,

    /// <summary>The request or the answer could not be read as an Open Inference Protocol ranking call (counted, not judged).</summary>
    Unreadable,

    /// <summary>The top-ranked item has no label for the query nor under <c>*</c> (counted, not judged).</summary>
    Unlabelled,
}
