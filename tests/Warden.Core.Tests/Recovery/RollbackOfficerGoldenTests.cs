using System.Runtime.CompilerServices;
using Warden.Core.Recovery;

namespace Warden.Core.Tests.Recovery;

public sealed class RollbackOfficerGoldenTests
{
    private static readonly DateTimeOffset Now = RecoveryFixture.Now;

    /// <summary>
    /// Pins the whole report and its JSON twin byte for byte. After an intended change, regenerate with
    /// <c>WARDEN_UPDATE_GOLDEN=1 dotnet test --filter RollbackOfficerGolden</c>, then read the diff of
    /// golden/rollback_report.* as the Rollback Officer would before committing it.
    /// </summary>
    [Theory]
    [InlineData(RollbackOfficerReport.MarkdownFile)]
    [InlineData(RollbackOfficerReport.JsonFile)]
    public void Report_FixedPartialCase_MatchesGoldenFile(string file)
    {
        var assessment = RollbackOfficer.Assess(RecoveryFixture.Input(Runs()));
        var actual = file == RollbackOfficerReport.MarkdownFile ? RollbackOfficerReport.Markdown(assessment) : RollbackOfficerReport.Json(assessment) + "\n";
        var path = GoldenPath(file);

        if (Environment.GetEnvironmentVariable("WARDEN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.Equal(File.ReadAllText(path), actual);
    }

    // Six fault drills with measured RTOs, one real incident, two A/A drills (one false rollback),
    // no compliance drill: Partial for the untested path.
    private static List<RecoveryRun> Runs() =>
    [
        RecoveryFixture.Drill("drill-20261201T020000Z-1", "error_rate", Now.AddDays(-5), rto: 2.13, rpo: 3600),
        RecoveryFixture.Drill("drill-20261201T021000Z-2", "error_rate", Now.AddDays(-5).AddMinutes(10), rto: 1.35, rpo: 3600),
        RecoveryFixture.Drill("drill-20261201T022000Z-3", "latency_p95", Now.AddDays(-5).AddMinutes(20), rto: 0.21, rpo: 3600),
        RecoveryFixture.Drill("drill-20261201T023000Z-4", "latency_p95", Now.AddDays(-5).AddMinutes(30), rto: 0.13, rpo: 3600),
        RecoveryFixture.Drill("drill-20261201T024000Z-5", "backend_down", Now.AddDays(-5).AddMinutes(40), rto: 0.52, rpo: 3600),
        RecoveryFixture.Drill("drill-20261201T025000Z-6", "error_rate_vs_production", Now.AddDays(-5).AddMinutes(50), rto: 3.95, rpo: 3600),
        new RecoveryRun
        {
            RunId = "aa-20261202T030000Z-1",
            Kind = RecoveryRunKind.AaDrill,
            Service = "ranker",
            StartedAt = Now.AddDays(-4),
            Success = true,
            Evidence = "recovery_test.json#aa-20261202T030000Z-1",
        },
        new RecoveryRun
        {
            RunId = "aa-20261202T030200Z-2",
            Kind = RecoveryRunKind.AaDrill,
            Service = "ranker",
            Trigger = "latency_drift",
            StartedAt = Now.AddDays(-4).AddMinutes(2),
            Success = false,
            Evidence = "recovery_test.json#aa-20261202T030200Z-2",
        },
        new RecoveryRun
        {
            RunId = "rb-20261206T035108208Z-1",
            Kind = RecoveryRunKind.Incident,
            Service = "ranker",
            Trigger = "error_rate",
            StartedAt = new DateTimeOffset(2026, 12, 6, 3, 51, 8, 208, TimeSpan.Zero),
            FaultOnsetAt = new DateTimeOffset(2026, 12, 6, 3, 51, 6, 0, TimeSpan.Zero),
            DetectedAt = new DateTimeOffset(2026, 12, 6, 3, 51, 8, 208, TimeSpan.Zero),
            RestoredAt = new DateTimeOffset(2026, 12, 6, 3, 51, 8, 310, TimeSpan.Zero),
            RtoSeconds = 2.31,
            RpoSeconds = 3600,
            Success = true,
            Evidence = "rollback_log.json#rb-20261206T035108208Z-1",
            RootCauseNote = "v2 tokenizer | timeout on long queries",
            ActionTaken = "rolled back ranker v2 → v1",
        },
    ];

    // The golden files live beside this source file, so no build step has to copy them.
    private static string GoldenPath(string name, [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "golden", name);
}
