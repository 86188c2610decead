using System.Text;
using Warden.Core.Bundle;
using Warden.Core.Evidence;

namespace Warden.Core.Tests.Bundle;

public sealed class RollbackReadinessReaderTests
{
    [Fact]
    public void Read_FullRecord_ReadsEveryFieldKeepingOffsets()
    {
        var record = Read("""
            {
              "checkpoint_version": "v2.3.1",
              "sha256_verified": true,
              "verified_at": "2026-11-22T07:00:00+01:00",
              "load_time_s": 12.4,
              "drill_passed_at": "2026-11-20T09:30:00Z",
              "drill_rto_s": 95,
              "drill_rpo_s": 0,
              "registry": "mlflow"
            }
            """);

        Assert.Equal("v2.3.1", record.CheckpointVersion);
        Assert.True(record.Sha256Verified);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 7, 0, 0, TimeSpan.FromHours(1)), record.VerifiedAt);
        Assert.Equal(TimeSpan.FromHours(1), record.VerifiedAt.Offset);
        Assert.Equal(12.4, record.LoadTimeSeconds);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero), record.DrillPassedAt);
        Assert.Equal(95, record.DrillRtoSeconds);
        Assert.Equal(0, record.DrillRpoSeconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData(", \"drill_passed_at\": null, \"drill_rto_s\": null, \"drill_rpo_s\": null")]
    public void Read_NoDrill_LeavesDrillFieldsNull(string drill)
    {
        var record = Read("{ \"checkpoint_version\": \"v1\", \"sha256_verified\": false, \"verified_at\": \"2026-11-22T07:00:00Z\", \"load_time_s\": 0" + drill + " }");

        Assert.False(record.Sha256Verified);
        Assert.Equal(0, record.LoadTimeSeconds);
        Assert.Null(record.DrillPassedAt);
        Assert.Null(record.DrillRtoSeconds);
        Assert.Null(record.DrillRpoSeconds);
    }

    [Theory]
    [InlineData("\"verified_at\": \"2026-11-22T07:00:00\"",
        "verified_at \"2026-11-22T07:00:00\" is not a valid date-time: no time zone; add Z or an offset such as +01:00; expected an RFC 3339 date-time with a time zone, e.g. 2026-11-20T10:00:00Z")]
    [InlineData("\"verified_at\": \"2026-11-22\"",
        "verified_at \"2026-11-22\" is not a valid date-time: not in the form YYYY-MM-DDTHH:MM:SS; expected an RFC 3339 date-time with a time zone, e.g. 2026-11-20T10:00:00Z")]
    [InlineData("\"verified_at\": 1763794800",
        "verified_at is a number; expected an RFC 3339 date-time with a time zone, e.g. 2026-11-20T10:00:00Z")]
    [InlineData("\"load_time_s\": -1", "load_time_s is -1; expected a number ≥ 0 (seconds)")]
    [InlineData("\"load_time_s\": \"12\"", "load_time_s is a string; expected a number ≥ 0 (seconds)")]
    [InlineData("\"drill_rto_s\": -0.5", "drill_rto_s is -0.5; expected a number ≥ 0 (seconds)")]
    [InlineData("\"sha256_verified\": \"yes\"", "sha256_verified is a string; expected true or false")]
    [InlineData("\"checkpoint_version\": \"\"", "checkpoint_version is empty; expected the known-good version, a non-empty string")]
    [InlineData("\"load_time_s\": 1e999", "load_time_s is 1e999; expected a number ≥ 0 (seconds)")]
    public void Read_BadValue_ThrowsAtTheValueOnLineTwo(string field, string problem)
    {
        // Line 2 holds the bad field; every other required field is valid and comes later.
        var json = "{\n  " + field + ",\n  \"checkpoint_version\": \"v1\", \"sha256_verified\": true,"
            + " \"verified_at\": \"2026-11-22T07:00:00Z\", \"load_time_s\": 1\n}";

        var error = Assert.Throws<EvidenceFormatException>(() => Read(json));

        // The value starts after `  "name": ` on line 2.
        var column = 3 + field.IndexOf(':', StringComparison.Ordinal) + 2;
        Assert.Equal($"rollback.json:2:{column}: {problem}", error.Message);
    }

    [Fact]
    public void Read_MissingRequiredFields_NamesEveryOneAtTheObject()
    {
        var error = Assert.Throws<EvidenceFormatException>(() => Read("""{ "sha256_verified": true, "drill_rto_s": 10 }"""));

        Assert.Equal(
            "rollback.json:1:1: checkpoint_version, verified_at, load_time_s are missing; "
            + "expected a JSON object with checkpoint_version, sha256_verified, verified_at and load_time_s",
            error.Message);
        Assert.Equal("checkpoint_version", error.Issue.Field);
    }

    [Fact]
    public void Read_RepeatedField_Throws()
    {
        var error = Assert.Throws<EvidenceFormatException>(() => Read("""{ "load_time_s": 1, "load_time_s": 2 }"""));

        Assert.Equal("rollback.json:1:21: load_time_s appears twice; expected each field once", error.Message);
    }

    private static RollbackReadiness Read(string json) =>
        RollbackReadinessReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "rollback.json");
}
