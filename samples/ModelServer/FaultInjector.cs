using System.Text.Json;

namespace Warden.Samples.ModelServer;

/// <summary>
/// Applies the faults in <see cref="FaultSettings"/> to infer requests. Decisions are made in
/// arrival order under one lock so that, for sequential requests, the pattern is exactly
/// predictable: request k fails when the k-th draw of Random(seed).NextDouble() is below
/// error_rate, and its added jitter is the k-th draw of Random(seed + 1).Next(0, jitter + 1).
/// A draw happens for every infer request, whatever the rates, so the pattern never shifts.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Action _crash;
    private FaultSettings _settings;
    private Random _errorRandom;
    private Random _jitterRandom;
    private long _inferCount;
    private TaskCompletionSource _hangReleased = NewReleased();

    public FaultInjector(FaultSettings initial, TimeProvider time, Action crash)
    {
        _settings = initial;
        _time = time;
        _crash = crash;
        _errorRandom = new Random(initial.Seed);
        _jitterRandom = new Random(initial.Seed + 1);
        if (initial.Hang)
        {
            _hangReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public FaultSettings Current
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    /// <summary>
    /// Runs the faults for one arriving infer request: crash, then hang, then latency. Returns true
    /// when the request must be answered with an injected 500.
    /// </summary>
    public async ValueTask<bool> BeforeInferAsync(CancellationToken aborted)
    {
        bool fail;
        int delayMs;
        Task hang;
        lock (_gate)
        {
            var count = ++_inferCount;
            var s = _settings;
            if (s.CrashAfter > 0 && count >= s.CrashAfter)
            {
                _crash();
            }
            fail = _errorRandom.NextDouble() < s.ErrorRate;
            delayMs = s.LatencyMs + _jitterRandom.Next(0, s.LatencyJitterMs + 1);
            hang = _hangReleased.Task;
        }
        if (!hang.IsCompleted)
        {
            await hang.WaitAsync(aborted).ConfigureAwait(false);
        }
        if (delayMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delayMs), _time, aborted).ConfigureAwait(false);
        }
        return fail;
    }

    /// <summary>
    /// Applies a partial update. Unknown fields and out-of-range values are all reported; on any
    /// error nothing changes. Sending "seed" restarts both random sequences.
    /// </summary>
    public IReadOnlyList<string> Update(JsonElement patch)
    {
        var errors = new List<string>();
        if (patch.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body must be a JSON object such as {\"latency_ms\": 50, \"error_rate\": 0.1}");
            return errors;
        }
        lock (_gate)
        {
            var s = _settings;
            var reseed = false;
            foreach (var p in patch.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "latency_ms":
                        s = s with { LatencyMs = ReadInt(p, 0, 600_000, errors, s.LatencyMs) };
                        break;
                    case "latency_jitter_ms":
                        s = s with { LatencyJitterMs = ReadInt(p, 0, 600_000, errors, s.LatencyJitterMs) };
                        break;
                    case "crash_after":
                        s = s with { CrashAfter = ReadInt(p, 0, int.MaxValue, errors, s.CrashAfter) };
                        break;
                    case "seed":
                        s = s with { Seed = ReadInt(p, int.MinValue, int.MaxValue - 1, errors, s.Seed) };
                        reseed = true;
                        break;
                    case "error_rate":
                        if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var rate) && rate is >= 0 and <= 1)
                        {
                            s = s with { ErrorRate = rate };
                        }
                        else
                        {
                            errors.Add($"error_rate: must be a number from 0 to 1 (got {p.Value.GetRawText()})");
                        }
                        break;
                    case "hang":
                        s = s with { Hang = ReadBool(p, errors, s.Hang) };
                        break;
                    case "ready":
                        s = s with { Ready = ReadBool(p, errors, s.Ready) };
                        break;
                    case "invert_scores":
                        s = s with { InvertScores = ReadBool(p, errors, s.InvertScores) };
                        break;
                    default:
                        errors.Add($"{p.Name}: unknown field; known fields are latency_ms, latency_jitter_ms, error_rate, hang, ready, crash_after, invert_scores, seed");
                        break;
                }
            }
            if (errors.Count > 0)
            {
                return errors;
            }
            if (reseed)
            {
                _errorRandom = new Random(s.Seed);
                _jitterRandom = new Random(s.Seed + 1);
            }
            if (s.Hang && _hangReleased.Task.IsCompleted)
            {
                _hangReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else if (!s.Hang)
            {
                _hangReleased.TrySetResult();
            }
            _settings = s;
        }
        return errors;
    }

    private static int ReadInt(JsonProperty p, int min, int max, List<string> errors, int current)
    {
        if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors.Add($"{p.Name}: must be an integer from {min} to {max} (got {p.Value.GetRawText()})");
        return current;
    }

    private static bool ReadBool(JsonProperty p, List<string> errors, bool current)
    {
        if (p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return p.Value.GetBoolean();
        }
        errors.Add($"{p.Name}: must be true or false (got {p.Value.GetRawText()})");
        return current;
    }

    private static TaskCompletionSource NewReleased()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tcs.SetResult();
        return tcs;
    }
}
