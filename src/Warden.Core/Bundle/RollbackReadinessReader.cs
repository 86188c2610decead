using System.Text.Json;
using Warden.Core.Evidence;

namespace Warden.Core.Bundle;

/// <summary>
/// Reads a rollback readiness record: <c>checkpoint_version</c>, <c>sha256_verified</c>,
/// <c>verified_at</c> and <c>load_time_s</c> (required), <c>drill_passed_at</c>,
/// <c>drill_rto_s</c> and <c>drill_rpo_s</c> (optional, null allowed). Unknown fields are ignored.
/// </summary>
/// <remarks>
/// Times are RFC 3339 with a time zone (<c>Z</c> or an offset): a local time would be judged
/// differently on machines in different zones. Durations are finite numbers ≥ 0 in seconds.
/// </remarks>
public static class RollbackReadinessReader
{
    private const string Document = "a JSON object with checkpoint_version, sha256_verified, verified_at and load_time_s";

    /// <summary>Reads the record in <paramref name="stream"/> (the caller keeps ownership of it).</summary>
    /// <param name="stream">The record's bytes.</param>
    /// <param name="source">Path or URI to name in messages.</param>
    /// <exception cref="EvidenceFormatException">Not JSON, not an object, a required field missing, a repeated field, or a value of the wrong type or range.</exception>
    public static RollbackReadiness Read(Stream stream, string source)
    {
        var text = JsonEvidenceText.Load(stream, source);
        var reader = text.CreateReader();
        string? version = null;
        bool? verified = null;
        DateTimeOffset? verifiedAt = null;
        double? loadTime = null;
        DateTimeOffset? drillPassedAt = null;
        double? rto = null;
        double? rpo = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var root = text.ReadRootObject(ref reader, Document);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var (field, offset) = text.ReadPropertyName(ref reader);
                var known = true;
                switch (field)
                {
                    case "checkpoint_version":
                        version = text.RequiredString(ref reader, field, "the known-good version, a non-empty string");
                        break;
                    case "sha256_verified":
                        verified = text.Boolean(ref reader, field);
                        break;
                    case "verified_at":
                        verifiedAt = text.Timestamp(ref reader, field);
                        break;
                    case "load_time_s":
                        loadTime = text.NonNegativeNumber(ref reader, field, "seconds");
                        break;
                    case "drill_passed_at":
                        drillPassedAt = reader.TokenType == JsonTokenType.Null ? null : text.Timestamp(ref reader, field);
                        break;
                    case "drill_rto_s":
                        rto = reader.TokenType == JsonTokenType.Null ? null : text.NonNegativeNumber(ref reader, field, "seconds");
                        break;
                    case "drill_rpo_s":
                        rpo = reader.TokenType == JsonTokenType.Null ? null : text.NonNegativeNumber(ref reader, field, "seconds");
                        break;
                    default:
                        known = false;
                        reader.Skip();
                        break;
                }

                if (known && !seen.Add(field))
                {
                    throw text.Error(offset, field, $"{field} appears twice", "each field once");
                }
            }

            text.RequireEnd(ref reader);
            var missing = new List<string>();
            AddIfMissing(missing, version is null, "checkpoint_version");
            AddIfMissing(missing, verified is null, "sha256_verified");
            AddIfMissing(missing, verifiedAt is null, "verified_at");
            AddIfMissing(missing, loadTime is null, "load_time_s");
            if (missing.Count > 0)
            {
                var problem = missing.Count == 1 ? $"{missing[0]} is missing" : $"{string.Join(", ", missing)} are missing";
                throw text.Error(root, missing[0], problem, Document);
            }
        }
        catch (JsonException e)
        {
            throw text.Syntax(e);
        }

        return new RollbackReadiness
        {
            CheckpointVersion = version!,
            Sha256Verified = verified!.Value,
            VerifiedAt = verifiedAt!.Value,
            LoadTimeSeconds = loadTime!.Value,
            DrillPassedAt = drillPassedAt,
            DrillRtoSeconds = rto,
            DrillRpoSeconds = rpo,
        };
    }

    private static void AddIfMissing(List<string> missing, bool isMissing, string field)
    {
        if (isMissing)
        {
            missing.Add(field);
        }
    }
}
