namespace Warden.Gateway.Tests.Support;

/// <summary>Waits for a condition with a deadline instead of sleeping a fixed time.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"timed out after {timeoutMs} ms waiting for {what}");
            }

            await Task.Delay(10);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"timed out after {timeoutMs} ms waiting for {what}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Awaits <paramref name="task"/> or fails the test after the deadline (never hangs the run).</summary>
    public static async Task<T> Within<T>(Task<T> task, string what, int timeoutMs = 10_000)
    {
        if (await Task.WhenAny(task, Task.Delay(timeoutMs)) != task)
        {
            throw new TimeoutException($"{what} did not finish within {timeoutMs} ms");
        }

        return await task;
    }
}
