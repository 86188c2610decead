namespace Warden.Tests.Cli.Registry;

/// <summary>
/// What a move of production rests on: a recorded GO verdict judged against the version in
/// production now, in a row the audit log vouches for. A refused promotion changes nothing.
/// </summary>
public sealed class PromotionGateTests : IDisposable
{
    private readonly RegistryFixture _f = new();

    public PromotionGateTests()
    {
        foreach (var v in new[] { "v1", "v2", "v3" })
        {
            Assert.Equal(0, _f.Run("registry", "add", "ranker", v, "--artifact", _f.Artifact($"{v}.bin", $"weights-{v}")).ExitCode);
        }
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Promote_VerdictJudgedAgainstCurrentProduction_Promotes()
    {
        Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");

        var run = _f.Run("registry", "alias", "ranker", "production", "v2");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith("ranker/production: v1 → v2 (promotion on the GO verdict of dep-v2; evt-6)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_VerdictJudgedAgainstAnOlderProduction_IsRefusedNamingBoth()
    {
        Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        Production("v3");
        var before = _f.Snapshot();

        var run = _f.Run("registry", "alias", "ranker", "production", "v2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            "error: cannot promote ranker v2 to production: the GO verdict of dep-v2 judged v2 against v1, but production holds v3 now; " +
            "a verdict counts only against the version it replaces. Judge v2 against v3 and record that verdict",
            run.Error,
            StringComparison.Ordinal);
        Assert.Equal(before, _f.Snapshot());
    }

    [Fact]
    public async Task Promote_NamedDeploymentJudgedAgainstAnOlderProduction_IsRefused()
    {
        Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        Production("v3");

        var run = _f.Run("registry", "alias", "ranker", "production", "v2", "--deployment", "dep-v2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("judged v2 against v1, but production holds v3 now", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_NoProductionYet_IsRefusedNamingTheFirstOverride()
    {
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");

        var run = _f.Run("registry", "alias", "ranker", "production", "v2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("judged v2 against v1, but production holds no version yet", run.Error, StringComparison.Ordinal);
        Assert.Contains("Set the first production with 'warden registry alias ranker production VERSION --override --reason", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_StaleGoBesideCurrentGo_RestsOnTheCurrentOne()
    {
        Production("v1");
        await _f.RecordVerdictAsync("dep-old", "v3", "v1");
        Production("v2");
        await _f.RecordVerdictAsync("dep-new", "v3", "v2");

        var run = _f.Run("registry", "alias", "ranker", "production", "v3");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("promotion on the GO verdict of dep-new", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Promote_OnAVerdictRowInsertedByHand_IsRefused()
    {
        Production("v2");
        _f.Tamper(
            "INSERT INTO verdict_records (deployment_id, model, candidate_version, baseline_version, outcome, report_sha256, evidence_ids, recorded_at, actor) " +
            "VALUES ('forged-1', 'ranker', 'v3', 'v2', 'GO', '00', '', '2026-11-22T00:00:00.0000000Z', 'mallory')");
        var before = _f.Snapshot();

        var run = _f.Run("registry", "alias", "ranker", "production", "v3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            "error: cannot promote ranker v3: the recorded verdict verdict_records 1 (deployment forged-1, GO) is not vouched for by the audit log: no audit event attests it",
            run.Error,
            StringComparison.Ordinal);
        Assert.Contains("Run 'warden audit verify'", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, _f.Snapshot());
    }

    [Fact]
    public async Task Promote_OnARecordedVerdictEditedToGo_IsRefused()
    {
        Production("v2");
        await _f.RecordVerdictAsync("dep-v3", "v3", "v2", "REJECT");
        _f.Tamper("UPDATE verdict_records SET outcome = 'GO'");

        var run = _f.Run("registry", "alias", "ranker", "production", "v3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("verdict_records 1 (deployment dep-v3, GO) is not vouched for by the audit log: its content", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_LaterRejectDeletedByHand_IsRefused()
    {
        Production("v2");
        await _f.RecordVerdictAsync("dep-v3", "v3", "v2");
        await _f.RecordVerdictAsync("dep-v3", "v3", "v2", "REJECT");
        _f.Tamper("DELETE FROM verdict_records WHERE outcome = 'REJECT'");

        var run = _f.Run("registry", "alias", "ranker", "production", "v3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("evt-6 recorded a verdict (verdict_records 2) that is gone from verdict_records (deleted by hand)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_ProductionAliasRowEditedByHand_IsRefused()
    {
        // Production is v2; the verdict judged v3 against v1, and someone points the alias row back at v1 to make it fit.
        Production("v1");
        await _f.RecordVerdictAsync("dep-v3", "v3", "v1");
        Production("v2");
        _f.Tamper("UPDATE model_aliases SET version = 'v1' WHERE alias = 'production'");

        var run = _f.Run("registry", "alias", "ranker", "production", "v3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the production alias row (ranker/production → v1) is not vouched for by the audit log: its content", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(7 * 24 * 3600 - 1, 0)]
    [InlineData(7 * 24 * 3600, 0)]
    [InlineData(7 * 24 * 3600 + 1, 2)]
    public async Task Promote_VerdictAge_RefusedOnlyBeyondVerdictMaxAge(int ageSeconds, int exitCode)
    {
        Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        _f.Time.Advance(TimeSpan.FromSeconds(ageSeconds));

        var run = _f.Run("registry", "alias", "ranker", "production", "v2");

        Assert.True(run.ExitCode == exitCode, run.Error);
    }

    [Fact]
    public async Task Promote_VerdictOlderThanMaxAge_IsRefusedNamingRecordedAtAndTheLimit()
    {
        Production("v1");
        var recordedAt = _f.Time.GetUtcNow();
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        _f.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        var before = _f.Snapshot();

        var run = _f.Run("registry", "alias", "ranker", "production", "v2");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: cannot promote ranker v2 to production: the GO verdict of dep-v2 (judged against v1) was recorded at {Utc(recordedAt)}, " +
            $"7 d 00:00:01 before now ({Utc(recordedAt + TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1))}); policy.verdict_max_age_days allows at most 7 day(s). " +
            "Judge v2 against v1 again and record that verdict ('warden verdict --evidence BUNDLE --record'), or move it anyway with --override --reason \"...\".\n",
            run.Error.ReplaceLineEndings("\n"));
        Assert.Equal(before, _f.Snapshot());
    }

    [Fact]
    public async Task Promote_StaleCurrentGoBesideFreshOne_RestsOnTheFreshOne()
    {
        Production("v1");
        await _f.RecordVerdictAsync("dep-old", "v2", "v1");
        _f.Time.Advance(TimeSpan.FromDays(6));
        await _f.RecordVerdictAsync("dep-new", "v2", "v1");
        _f.Time.Advance(TimeSpan.FromDays(2));

        var run = _f.Run("registry", "alias", "ranker", "production", "v2");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("promotion on the GO verdict of dep-new", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_PolicyFileMaxAge_AppliesItsLimit()
    {
        var policy = _f.Dir.File("warden.yaml");
        File.WriteAllText(policy, "policy:\n  verdict_max_age_days: 0.5\n");
        Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        _f.Time.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));

        var refused = _f.Run("registry", "alias", "ranker", "production", "v2", "--policy", policy);
        var defaults = _f.Run("registry", "alias", "ranker", "production", "v2");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("0 d 12:00:01 before now", refused.Error, StringComparison.Ordinal);
        Assert.Contains("policy.verdict_max_age_days allows at most 0.5 day(s)", refused.Error, StringComparison.Ordinal);
        Assert.True(defaults.ExitCode == 0, defaults.Error);
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private void Production(string version) =>
        Assert.Equal(0, _f.Run("registry", "alias", "ranker", "production", version, "--override", "--reason", "test setup").ExitCode);
}
