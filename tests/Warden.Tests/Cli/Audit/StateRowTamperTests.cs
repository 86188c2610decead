using System.Text.Json;
using Warden.Tests.Cli.Registry;

namespace Warden.Tests.Cli.Audit;

/// <summary>
/// State rows edited by hand through a plain SQLite connection (the state tables have no
/// triggers to drop): <c>audit verify</c> checks every row against the event that attests it
/// and exits 6 naming the table and the row, though the chain itself is intact.
/// </summary>
public sealed class StateRowTamperTests : IAsyncLifetime, IDisposable
{
    private readonly RegistryFixture _f = new();

    public async Task InitializeAsync()
    {
        // evt-1..3 register v1..v3; evt-4 production → v1 (override); evt-5 checkpoint of v1;
        // evt-6 GO verdict v2 vs v1; evt-7 production v1 → v2; evt-8 previous → v1.
        foreach (var v in new[] { "v1", "v2", "v3" })
        {
            Assert.Equal(0, _f.Run("registry", "add", "ranker", v, "--artifact", _f.Artifact($"{v}.bin", $"weights-{v}")).ExitCode);
        }

        Assert.Equal(0, _f.Run("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "initial production").ExitCode);
        Assert.Equal(0, _f.Run("checkpoint", "verify", "ranker").ExitCode);
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        Assert.Equal(0, _f.Run("registry", "alias", "ranker", "production", "v2").ExitCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Verify_UntouchedStoreWithMovedAliases_ExitsZeroCheckingEveryRow()
    {
        var run = _f.Run("audit", "verify");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        // 3 versions, 2 aliases, 3 alias moves, 1 verdict, 1 checkpoint.
        Assert.Contains(": 8 event(s), 10 state row(s) checked.", run.Out, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Tampering => new()
    {
        {
            "UPDATE model_aliases SET version = 'v1' WHERE alias = 'production'",
            "BROKEN row model_aliases ranker/production: its content (ranker, production, v1) hashes to "
        },
        {
            "INSERT INTO verdict_records (deployment_id, model, candidate_version, baseline_version, outcome, report_sha256, evidence_ids, recorded_at, actor) " +
            "VALUES ('forged-1', 'ranker', 'v3', 'v2', 'GO', '00', '', '2026-11-22T00:00:00.0000000Z', 'mallory')",
            "BROKEN row verdict_records 2: no audit event attests this row (ranker, v3, v2, forged-1, GO): inserted by hand"
        },
        {
            "UPDATE model_versions SET sha256 = '0000000000000000000000000000000000000000000000000000000000000000' WHERE version = 'v2'",
            "BROKEN row model_versions ranker@v2: its content (ranker, v2, 000000000000"
        },
        {
            "UPDATE checkpoint_verifications SET load_time_s = 0.001 WHERE id = 1",
            "BROKEN row checkpoint_verifications 1: its content (ranker, v1, ok) hashes to "
        },
        {
            "UPDATE verdict_records SET outcome = 'GO', baseline_version = 'v3' WHERE id = 1",
            "BROKEN row verdict_records 1: its content (ranker, v2, v3, dep-v2, GO) hashes to "
        },
        {
            "UPDATE alias_moves SET reason = 'approved by the board' WHERE id = 1",
            "BROKEN row alias_moves 1: its content "
        },
        {
            "DELETE FROM model_aliases WHERE alias = 'previous'",
            "BROKEN row model_aliases ranker/previous: evt-8 attests this row, but it is gone: deleted by hand"
        },
        {
            "DELETE FROM model_versions WHERE version = 'v3'",
            "BROKEN row model_versions ranker@v3: evt-3 attests this row, but it is gone: deleted by hand"
        },
        {
            "UPDATE model_aliases SET audit_seq = 4 WHERE alias = 'production'",
            "BROKEN row model_aliases ranker/production: it names evt-4, but the latest event that attests it is evt-7"
        },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public void Verify_StateRowEditedByHand_ExitsSixNamingTableAndRow(string sql, string expected)
    {
        _f.Tamper(sql);

        var run = _f.Run("audit", "verify");

        Assert.Equal(6, run.ExitCode);
        Assert.Contains(expected, run.Out, StringComparison.Ordinal);
        Assert.Contains("state row(s) not vouched for by the audit log; the chain itself is intact.", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_Json_ListsEveryBrokenRowWithTableAndRow()
    {
        _f.Tamper("UPDATE model_aliases SET version = 'v1' WHERE alias = 'production'; DELETE FROM checkpoint_verifications");

        var run = _f.Run("audit", "verify", "--json");

        Assert.Equal(6, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.False(doc.RootElement.GetProperty("intact").GetBoolean());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("broken_at").ValueKind);
        var rows = doc.RootElement.GetProperty("broken_rows").EnumerateArray()
            .Select(r => $"{r.GetProperty("table").GetString()} {r.GetProperty("row").GetString()}").ToList();
        Assert.Equal(["model_aliases ranker/production", "checkpoint_verifications 1"], rows);
    }
}
