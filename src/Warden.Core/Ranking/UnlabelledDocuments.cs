namespace Warden.Core.Ranking;

/// <summary>How Compliance@K counts a retrieved document that has no label for its query.</summary>
public enum UnlabelledDocuments
{
    /// <summary>Count it as not compliant (the cautious default: unknown is not safe).</summary>
    NotCompliant,

    /// <summary>Count it as compliant (for label files that list only the violations).</summary>
    Compliant,
}
