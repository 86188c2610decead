using System.Diagnostics;

namespace Warden.Benchmarks;

/// <summary>
/// The open-loop schedule of <see cref="FixedRateLoad"/> and <see cref="GrpcFixedRateLoad"/>: call
/// <c>i</c> is due at <c>start + i / rate</c> and leaves then whatever earlier calls are doing;
/// everything due by now leaves now (bursts every ~1 ms at 1,000+ calls/s), so a late send shows in
/// a latency counted from the due time instead of hiding (wrk2's correction for coordinated omission).
/// </summary>
internal static class OpenLoopSchedule
{
    /// <summary>
    /// Starts <paramref name="count"/> calls at <paramref name="rate"/> per second and waits for all;
    /// <paramref name="send"/> gets the call's index and its due time (a <see cref="Stopwatch"/> timestamp).
    /// </summary>
    public static void Run(int count, double rate, Func<int, long, Task> send)
    {
        var pending = new Task[count];
        var ticksPerCall = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var next = 0;
        while (next < count)
        {
            var now = Stopwatch.GetTimestamp();
            while (next < count && start + (long)(next * ticksPerCall) <= now)
            {
                pending[next] = send(next, start + (long)(next * ticksPerCall));
                next++;
            }

            if (next < count)
            {
                Thread.Sleep(1);
            }
        }

        Task.WaitAll(pending);
    }
}
