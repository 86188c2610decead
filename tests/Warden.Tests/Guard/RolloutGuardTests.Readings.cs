using Warden.Core.Guard;
using Warden.Guard;

namespace Warden.Tests.Guard;

// The guard's reading log (GET /api/v1/guard, the dashboard's Guard view): what one look keeps,
// for how long, and what a lost lease forgets.
public sealed partial class RolloutGuardTests
{
    [Fact]
    public async Task Readings_ThreeSecondsOfLooks_OnePointPerSecondNearestItsThreshold()
    {
        var log = new GuardReadingLog(_f.Time);
        var guard = await CanaryAsync(log);
        _f.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(_f.Time.GetUtcNow().ToUnixTimeSeconds() + 1));

        // 30 looks (3 s) at 200 requests a second on each arm, 1 % errors: healthy, never tripping.
        // Each look's readings by the triggers' rule on the counts since the phase's first look
        // (one window: no restart within 10 s); a second keeps its armed reading with the largest
        // bound − threshold.
        var expected = new Dictionary<GuardTrigger, List<GuardPoint>>();
        TriggerReading[] latest = [];
        long requests = 0, errors = 0;
        for (var look = 0; look < 30; look++)
        {
            if (look > 0)
            {
                var error = look % 5 == 0 ? 1 : 0;
                _signals.Add("v2", requests: 20, errors: error);
                _signals.Add("v1", requests: 20, errors: error);
                requests += 20;
                errors += error;
            }

            var second = DateTimeOffset.FromUnixTimeSeconds(_f.Time.GetUtcNow().ToUnixTimeSeconds());
            latest = [.. RollbackTriggers.Evaluate(Policy, new GuardInput
            {
                Guarded = new GuardCounts(requests, errors, 0, 0, 0, 0, 0),
                Reference = new GuardCounts(requests, errors, 0, 0, 0, 0, 0),
                Spend = GuardWindows.PhaseSpend,
            })];
            foreach (var r in latest.Where(r => r.Armed))
            {
                var points = expected.TryGetValue(r.Trigger, out var p) ? p : expected[r.Trigger] = [];
                var point = new GuardPoint(second, r.Observed, r.Bound, r.Threshold, r.Tripped);
                if (points.Count > 0 && points[^1].Time == second)
                {
                    points[^1] = point.Bound - point.Threshold > points[^1].Bound - points[^1].Threshold ? point : points[^1];
                }
                else
                {
                    points.Add(point);
                }
            }

            await LookAsync(guard);
        }

        Assert.Empty(guard.Rollbacks);
        var rollout = Assert.Single(log.Snapshot());
        Assert.True(rollout.Watching);
        Assert.Null(rollout.Tripped);
        Assert.Equal(("ranker", "v2", "v1", "canary", (int?)1, "gateway"), (rollout.Service, rollout.Candidate, rollout.KnownGood, rollout.Phase, rollout.Step, rollout.EvidenceSource));
        Assert.Equal(Enum.GetValues<GuardTrigger>(), rollout.Triggers.Select(t => t.Current.Trigger));
        Assert.Equal(latest, rollout.Triggers.Select(t => t.Current));
        foreach (var trigger in rollout.Triggers)
        {
            Assert.Equal(expected.GetValueOrDefault(trigger.Current.Trigger) ?? [], trigger.Points);
        }

        // Three seconds of looks from a whole second: three points per
        // armed trigger; compliance (no answer judged) and drift (no production P95) are unarmed: none.
        var errorRate = rollout.Triggers.Single(t => t.Current.Trigger == GuardTrigger.ErrorRate);
        Assert.Equal(3, errorRate.Points.Count);
        Assert.Equal(0.01, errorRate.Points[0].Threshold);
        Assert.Equal([0.0, 1.0, 2.0], errorRate.Points.Select(p => (p.Time - errorRate.Points[0].Time).TotalSeconds));
        Assert.Empty(rollout.Triggers.Single(t => t.Current.Trigger == GuardTrigger.ComplianceDrop).Points);
        Assert.Empty(rollout.Triggers.Single(t => t.Current.Trigger == GuardTrigger.LatencyDrift).Points);
    }

    [Fact]
    public async Task Readings_ThirtyOneMinutesOfLooks_KeepsThe1800LatestSeconds()
    {
        var log = new GuardReadingLog(_f.Time);
        var guard = await CanaryAsync(log);
        var first = DateTimeOffset.FromUnixTimeSeconds(_f.Time.GetUtcNow().ToUnixTimeSeconds());

        // One look a second for 31 minutes (1,860 looks), healthy.
        for (var look = 0; look < 1860; look++)
        {
            if (look > 0)
            {
                _f.Time.Advance(TimeSpan.FromSeconds(1));
            }

            _signals.Add("v2", requests: 100, errors: 0);
            _signals.Add("v1", requests: 100, errors: 0);
            await guard.TickAsync(default);
        }

        var rollout = Assert.Single(log.Snapshot());
        Assert.True(rollout.Watching);
        var points = rollout.Triggers.Single(t => t.Current.Trigger == GuardTrigger.ErrorRate).Points;
        Assert.Equal(1800, points.Count);
        Assert.Equal(first.AddSeconds(60), points[0].Time);
        Assert.Equal(first.AddSeconds(1859), points[^1].Time);
    }

    [Fact]
    public async Task Readings_RolledBack_KeepsTheTrippingPointAndListsItUnwatchedFor30Minutes()
    {
        var log = new GuardReadingLog(_f.Time);
        var guard = await CanaryAsync(log);
        await LookAsync(guard);
        _signals.Down.Add("v2");
        var detected = _f.Time.GetUtcNow();
        await LookAsync(guard);

        var record = Assert.Single(guard.Rollbacks);
        Assert.Equal(detected, record.DetectedAt);
        var rollout = Assert.Single(log.Snapshot());
        Assert.False(rollout.Watching);
        Assert.Equal(new GuardTrip("backend_down", detected, record.RollbackRunId), rollout.Tripped);
        var down = rollout.Triggers.Single(t => t.Current.Trigger == GuardTrigger.BackendDown);
        Assert.True(down.Current.Tripped);
        var tripping = new GuardPoint(DateTimeOffset.FromUnixTimeSeconds(detected.ToUnixTimeSeconds()), 1, 1, 1, true);
        Assert.Equal(tripping, down.Points[^1]);

        // The guard looks on: the rollout is finished, no longer watched, still listed.
        await LookAsync(guard);
        Assert.False(Assert.Single(log.Snapshot()).Watching);

        // Until its last look is 30 minutes old: its other points age out, the tripping one stays with it.
        _f.Time.SetUtcNow(detected + GuardReadingLog.Retention - TimeSpan.FromMilliseconds(1));
        var late = Assert.Single(log.Snapshot());
        Assert.Equal([tripping], late.Triggers.Single(t => t.Current.Trigger == GuardTrigger.BackendDown).Points);
        Assert.Equal(record.RollbackRunId, late.Tripped!.RollbackRunId);
        _f.Time.SetUtcNow(detected + GuardReadingLog.Retention);
        Assert.Empty(log.Snapshot());
    }

    [Fact]
    public async Task Readings_WithoutTheLease_AreForgotten()
    {
        var log = new GuardReadingLog(_f.Time);
        var guard = await CanaryAsync(log);
        await LookAsync(guard);
        Assert.Single(log.Snapshot());

        await LookAsync(Guard(() => null, log));

        Assert.Empty(log.Snapshot());
    }
}
