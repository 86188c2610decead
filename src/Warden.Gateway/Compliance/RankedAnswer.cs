namespace Warden.Gateway.Compliance;

/// <summary>The query of a ranking call and the item its answer ranked first.</summary>
/// <param name="Query">The request's <c>query_text</c>, or null when the request has none.</param>
/// <param name="TopItem">The candidate id with the highest score (the first of equal scores).</param>
internal readonly record struct RankedAnswer(string? Query, string TopItem);
