namespace Warden.Core.Cycle;

/// <summary>
/// When the next scheduled cycle is due. The schedule is the store's, not a server's: the last
/// cycle any server began (on this store) plus the interval. An overdue cycle runs once — the
/// cycle that runs late becomes the last one, so the missed intervals are not made up.
/// </summary>
public static class CycleSchedule
{
    /// <summary>
    /// When the next cycle is due, for a server leading since <paramref name="leadingSince"/>:
    /// with a last cycle, <paramref name="lastStartedAt"/> + interval (with <c>on_start: false</c>,
    /// also no sooner than an interval after the server began leading); with none, at once
    /// (<c>on_start</c>) or an interval after it began leading.
    /// </summary>
    public static DateTimeOffset NextDue(DateTimeOffset? lastStartedAt, DateTimeOffset leadingSince, CycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var afterLeading = leadingSince + options.Interval;
        if (lastStartedAt is not { } last)
        {
            return options.OnStart ? leadingSince : afterLeading;
        }

        var afterLast = last + options.Interval;
        return options.OnStart || afterLast >= afterLeading ? afterLast : afterLeading;
    }

    /// <summary>True when a cycle is due at <paramref name="now"/> (at or after <see cref="NextDue"/>).</summary>
    public static bool IsDue(DateTimeOffset now, DateTimeOffset? lastStartedAt, DateTimeOffset leadingSince, CycleOptions options) =>
        now >= NextDue(lastStartedAt, leadingSince, options);
}
