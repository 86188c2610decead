using Microsoft.Extensions.Time.Testing;

namespace Warden.Tests.Drills;

/// <summary>
/// A <see cref="FakeTimeProvider"/> seen through a wrapper that counts the timers waiting on it,
/// so a test can move the clock only while the code under test is parked in a
/// <c>Task.Delay(…, time)</c>: the clock never moves under a loop that is between two waits, and
/// every time it reads is the one the test set.
/// </summary>
internal sealed class WaitCountingClock(FakeTimeProvider fake) : TimeProvider
{
    private int _waiting;

    /// <summary>Timers created and neither fired nor disposed yet.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    /// <inheritdoc />
    public override long GetTimestamp() => fake.GetTimestamp();

    /// <inheritdoc />
    public override long TimestampFrequency => fake.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new CountedTimer(this);
        timer.Inner = fake.CreateTimer(
            s =>
            {
                // Counted off before the waiter resumes: once it is parked again, it has a new timer.
                timer.Release();
                callback(s);
            },
            state,
            dueTime,
            period);

        // Counted once the fake clock holds it: counted earlier, the test could move the clock
        // before the timer's due time is taken from it, and the wait would end a step late.
        Interlocked.Increment(ref _waiting);
        return timer;
    }

    private sealed class CountedTimer(WaitCountingClock clock) : ITimer
    {
        private int _released;

        public ITimer Inner { get; set; } = null!;

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref clock._waiting);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => Inner.Change(dueTime, period);

        public void Dispose()
        {
            Release();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Release();
            return Inner.DisposeAsync();
        }
    }
}
