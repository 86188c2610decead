namespace Warden.Registry;

/// <summary>Recorded verdicts as one store transaction sees them.</summary>
internal interface IVerdictRecordRepository
{
    /// <summary>Appends a recorded verdict; returns its row id.</summary>
    long Add(VerdictRecord record);

    /// <summary>Every verdict recorded for <paramref name="model"/> with this candidate version, oldest first.</summary>
    IReadOnlyList<VerdictRecord> ForCandidate(string model, string candidateVersion);
}
