namespace Warden.Core.Ranking;

/// <summary>One retrieved document of a run: its id and the score the system gave it.</summary>
/// <param name="DocId">Document id (the run's third column).</param>
/// <param name="Score">Retrieval score (the run's fifth column); higher is retrieved first.</param>
public readonly record struct RankedDocument(string DocId, double Score);
