namespace Warden.Registry;

/// <summary>Recorded verdicts as one store transaction sees them.</summary>
internal interface IVerdictRecordRepository
{
    /// <summary>Appends a recorded verdict; returns its row id.</summary>
    ValueTask<long> AddAsync(VerdictRecord record, CancellationToken cancellationToken);

    /// <summary>Every verdict recorded for <paramref name="model"/> with this candidate version, oldest first.</summary>
    ValueTask<IReadOnlyList<VerdictRecord>> ForCandidateAsync(string model, string candidateVersion, CancellationToken cancellationToken);

    /// <summary>Every verdict recorded for <paramref name="model"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<VerdictRecord>> ForModelAsync(string model, CancellationToken cancellationToken);
}
