using Warden.Core.Cycle;

namespace Warden.Core.Tests.Cycle;

/// <summary>When the next cycle is due: rows exactly at the interval, overdue cycles, on_start.</summary>
public sealed class CycleScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CycleOptions Hourly = new() { Interval = TimeSpan.FromHours(1) };

    [Theory]
    [InlineData(null, 0, true, 0)]           // no cycle yet, on_start: due as soon as the server leads
    [InlineData(null, 0, false, 3600)]       // no cycle yet, no on_start: an interval after leading
    [InlineData(-600, 0, true, 3000)]        // last 10 min before leading: due 50 min after
    [InlineData(-18000, 0, true, -14400)]    // 5 h overdue: due already (runs once; its start becomes the last)
    [InlineData(-18000, 0, false, 3600)]     // overdue, no on_start: an interval after leading
    [InlineData(600, 0, false, 4200)]        // a cycle after leading (a request): an interval after it
    public void NextDue_Cases(int? lastOffsetSeconds, int leadingOffsetSeconds, bool onStart, int dueOffsetSeconds)
    {
        DateTimeOffset? last = lastOffsetSeconds is { } l ? T0.AddSeconds(l) : null;

        var due = CycleSchedule.NextDue(last, T0.AddSeconds(leadingOffsetSeconds), Hourly with { OnStart = onStart });

        Assert.Equal(T0.AddSeconds(dueOffsetSeconds), due);
    }

    [Theory]
    [InlineData(3599.999, false)]
    [InlineData(3600, true)]   // exactly the interval after the last cycle
    [InlineData(3600.001, true)]
    public void IsDue_AtTheInterval(double elapsedSeconds, bool due)
    {
        Assert.Equal(due, CycleSchedule.IsDue(T0.AddSeconds(elapsedSeconds), T0, T0, Hourly));
    }
}
