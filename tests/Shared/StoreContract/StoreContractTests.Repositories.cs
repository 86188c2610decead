using Warden.Audit;
using Warden.Checkpoints;
using Warden.Core.Traffic;
using Warden.Registry;

namespace Warden.Tests.Support;

/// <summary>Each repository gives back what it was given, in the documented order.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Registry_VersionsAliasesHistoryAndVerifications_RoundTrip()
    {
        await using var store = await CreateStoreAsync();
        var v1 = Version("ranker", "v1", TestClock.Epoch);
        var v2 = Version("ranker", "v2", TestClock.Epoch.AddMinutes(1));
        var other = Version("other", "v1", TestClock.Epoch.AddMinutes(2));
        var move = new AliasMove
        {
            Model = "ranker",
            Alias = RegistryNames.Production,
            FromVersion = null,
            ToVersion = "v1",
            Time = TestClock.Epoch.AddMinutes(3),
            Actor = "ana",
            Kind = AliasMoveKinds.Override,
            Reason = "initial production",
            DeploymentId = null,
            AuditSequence = 4,
        };
        var promote = move with { FromVersion = "v1", ToVersion = "v2", Kind = AliasMoveKinds.Promote, Reason = null, DeploymentId = "dep-1", AuditSequence = 5 };
        var verification = new ArtifactVerification
        {
            Model = "ranker",
            Version = "v1",
            Time = TestClock.Epoch.AddMinutes(4),
            Actor = "ana",
            ArtifactPath = v1.ArtifactPath,
            Expected = v1.Sha256,
            Sha256Read = null,
            Matched = false,
            Problem = "file not found",
        };

        var (firstMove, secondMove, verificationId) = await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Registry.InsertAsync(v1, ct);
            await tx.Registry.InsertAsync(v2, ct);
            await tx.Registry.InsertAsync(other, ct);
            var a = await tx.Registry.MoveAliasAsync(move, ct);
            var b = await tx.Registry.MoveAliasAsync(promote, ct);
            await tx.Registry.MoveAliasAsync(move with { Alias = "staging", ToVersion = "v1", AuditSequence = 6 }, ct);
            return (a, b, await tx.Registry.AddVerificationAsync(verification, ct));
        });

        var (versions, all, aliases, history, production) = await store.ReadAsync(async (tx, ct) => (
            await tx.Registry.VersionsAsync("ranker", ct),
            await tx.Registry.AllAsync(ct),
            await tx.Registry.AliasesAsync("ranker", ct),
            await tx.Registry.HistoryAsync("ranker", null, ct),
            await tx.Registry.HistoryAsync("ranker", RegistryNames.Production, ct)));
        Assert.Equivalent(new[] { v1, v2 }, versions, strict: true);
        Assert.Equal(["other@v1", "ranker@v1", "ranker@v2"], all.Select(v => $"{v.Model}@{v.Version}"));
        Assert.Equal([KeyValuePair.Create(RegistryNames.Production, "v2"), KeyValuePair.Create("staging", "v1")], aliases);
        Assert.Equal([move, promote, move with { Alias = "staging", ToVersion = "v1", AuditSequence = 6 }], history);
        Assert.Equal([move, promote], production);
        Assert.True(firstMove < secondMove);
        Assert.True(verificationId > 0);
        Assert.NotNull(await store.ReadAsync((tx, ct) => tx.Rows.ReadAsync(AttestedTables.ArtifactVerification(verificationId), ct)));
        Assert.Empty(await store.ReadAsync((tx, ct) => tx.Registry.VersionsAsync("nobody", ct)));
    }

    [Fact]
    public async Task Registry_MarkTamperedTwice_FirstMarkWins()
    {
        await using var store = await CreateStoreAsync();
        var first = new TamperMark(TestClock.Epoch.AddHours(1), new string('e', 64), "sha256 differs");

        await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Registry.InsertAsync(Version("ranker", "v1", tx.Now), ct);
            await tx.Registry.MarkTamperedAsync("ranker", "v1", first, ct);
            await tx.Registry.MarkTamperedAsync("ranker", "v1", new TamperMark(TestClock.Epoch.AddHours(2), null, "file not found"), ct);
            return 0;
        });

        var found = await store.ReadAsync((tx, ct) => tx.Registry.FindAsync("ranker", "v1", ct));
        Assert.Equal(first, found!.Tampered);
    }

    [Fact]
    public async Task Verdicts_AddAndForCandidate_RoundTripInRecordingOrder()
    {
        await using var store = await CreateStoreAsync();
        VerdictRecord Record(string deployment, string candidate, string outcome, IReadOnlyList<string> evidence) => new()
        {
            DeploymentId = deployment,
            Model = "ranker",
            CandidateVersion = candidate,
            BaselineVersion = "v1",
            Outcome = outcome,
            ReportSha256 = new string('c', 64),
            EvidenceIds = evidence,
            RecordedAt = TestClock.Epoch.AddMinutes(deployment.Length),
            Actor = "ci",
        };

        var ids = await store.WriteAsync(async (tx, ct) => new[]
        {
            await tx.Verdicts.AddAsync(Record("dep-1", "v2", "GO", ["ev:aa", "ev:bb"]), ct),
            await tx.Verdicts.AddAsync(Record("dep-2", "v3", "REJECT", []), ct),
            await tx.Verdicts.AddAsync(Record("dep-10", "v2", "REJECT", ["ev:cc"]), ct),
        });

        var v2 = await store.ReadAsync((tx, ct) => tx.Verdicts.ForCandidateAsync("ranker", "v2", ct));
        Assert.Equal(ids.Order(), ids);
        Assert.Equal([ids[0], ids[2]], v2.Select(r => r.Id));
        Assert.Equivalent(Record("dep-1", "v2", "GO", ["ev:aa", "ev:bb"]) with { Id = ids[0] }, v2[0], strict: true);
        Assert.Equal(["ev:cc"], v2[1].EvidenceIds);
        Assert.Empty((await store.ReadAsync((tx, ct) => tx.Verdicts.ForCandidateAsync("ranker", "v3", ct)))[0].EvidenceIds);
        Assert.Empty(await store.ReadAsync((tx, ct) => tx.Verdicts.ForCandidateAsync("other", "v2", ct)));
    }

    [Fact]
    public async Task Checkpoints_LatestAndLatestOf_RoundTripAtTheBoundary()
    {
        await using var store = await CreateStoreAsync();
        CheckpointVerification Check(string model, string version, int minute, string status) => new()
        {
            Model = model,
            Version = version,
            VerifiedAt = TestClock.Epoch.AddMinutes(minute),
            Actor = "ana",
            ArtifactPath = $"/models/{model}/{version}.bin",
            Sha256 = new string('a', 64),
            Sha256Read = status == CheckpointStatus.Failed ? null : new string('a', 64),
            Reachable = status != CheckpointStatus.Failed,
            LoadTimeSeconds = status == CheckpointStatus.Failed ? null : 1.25,
            LoadCommand = status == CheckpointStatus.Failed ? null : "load {artifact}",
            LoadExitCode = status == CheckpointStatus.Failed ? null : 0,
            Status = status,
            Problem = status == CheckpointStatus.Failed ? "file not found" : null,
        };
        var early = Check("ranker", "v1", 0, CheckpointStatus.Ok);
        var late = Check("ranker", "v1", 10, CheckpointStatus.Failed);
        var v2 = Check("ranker", "v2", 5, CheckpointStatus.Slow);
        var other = Check("other", "v1", 1, CheckpointStatus.Ok);

        await store.WriteAsync(async (tx, ct) =>
        {
            foreach (var check in new[] { early, v2, late, other })
            {
                await tx.Checkpoints.AddAsync(check, ct);
            }

            return 0;
        });

        var (all, ranker, atLate, justBefore, beforeAll) = await store.ReadAsync(async (tx, ct) => (
            await tx.Checkpoints.LatestAsync(null, ct),
            await tx.Checkpoints.LatestAsync("ranker", ct),
            await tx.Checkpoints.LatestOfAsync("ranker", "v1", late.VerifiedAt, ct),
            await tx.Checkpoints.LatestOfAsync("ranker", "v1", late.VerifiedAt.AddSeconds(-1), ct),
            await tx.Checkpoints.LatestOfAsync("ranker", "v1", early.VerifiedAt.AddSeconds(-1), ct)));
        Assert.Equal([other, late, v2], all);
        Assert.Equal([late, v2], ranker);
        Assert.Equal(late, atLate);
        Assert.Equal(early, justBefore);
        Assert.Null(beforeAll);
    }

    [Fact]
    public async Task TelemetryWindows_WriteReplaceAndReadHalfOpenRange_RoundTrip()
    {
        await using var store = await CreateStoreAsync();
        var t0 = TestClock.Epoch;
        var windows = new[]
        {
            Window("v1", t0, 3),
            Window("v1", t0.AddSeconds(1), 5),
            Window("v1", t0.AddSeconds(1), 2, TrafficArm.Canary),
            Window("v1", t0.AddSeconds(2), 7),
            Window("v2", t0.AddSeconds(1), 9),
        };
        await store.WriteAsync(async (tx, ct) =>
        {
            await tx.TelemetryWindows.WriteAsync(windows, ct);
            // A retried batch replaces what it wrote before.
            await tx.TelemetryWindows.WriteAsync([Window("v1", t0.AddSeconds(1), 6)], ct);
            return 0;
        });

        var read = await store.ReadAsync((tx, ct) => tx.TelemetryWindows.ReadAsync("search", "v1", t0.AddSeconds(1), t0.AddSeconds(2), ct));

        // [from, to): the window at 'from' is in, the one at 'to' is out; one series (v1) only.
        // Oldest first; windows of the same second by arm name.
        Assert.Equal([(TrafficArm.Canary, 2L), (TrafficArm.Production, 6L)], read.Select(w => (w.Arm, w.Requests)));
        var expected = Window("v1", t0.AddSeconds(1), 6);
        var got = read[1];
        Assert.Equal((expected.Service, expected.Version, expected.Start, expected.Errors, expected.RequestBytes, expected.ResponseBytes), (got.Service, got.Version, got.Start, got.Errors, got.RequestBytes, got.ResponseBytes));
        Assert.Equal(expected.ErrorsByClass, got.ErrorsByClass);
        Assert.Equal(expected.Latency.ToBytes(), got.Latency.ToBytes());
        var whole = await store.ReadAsync((tx, ct) => tx.TelemetryWindows.ReadAsync("search", "v1", t0, t0.AddSeconds(3), ct));
        Assert.Equal([3L, 2, 6, 7], whole.Select(w => w.Requests));
    }
}
