namespace Warden.Gateway.Telemetry;

/// <summary>Checks <see cref="TelemetryOptions"/>, collecting every problem with the field, the current value and the fix.</summary>
internal static class TelemetryOptionsValidator
{
    /// <summary>Longest ring accepted: one day (86,400 slots per series).</summary>
    public const int MaxRingMinutes = 1440;

    /// <summary>Every problem, or an empty list.</summary>
    public static IReadOnlyList<string> Validate(TelemetryOptions options)
    {
        var errors = new List<string>();
        if (options.RingMinutes is < 1 or > MaxRingMinutes)
        {
            errors.Add($"gateway.telemetry.ring_minutes is {options.RingMinutes}; set it to a whole number of minutes from 1 to {MaxRingMinutes} (default 30).");
        }

        if (!(options.SampleRate >= 0 && options.SampleRate <= 1))
        {
            errors.Add($"gateway.telemetry.sample_rate is {options.SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}; set it to a fraction from 0 to 1 (1 writes every request).");
        }

        var requestLogUsable = CheckPath(errors, "request_log", options.RequestLogPath);
        var shadowLogUsable = CheckPath(errors, "shadow_log", options.ShadowLogPath);
        if (requestLogUsable && shadowLogUsable
            && options.RequestLogPath is { } requestLog && options.ShadowLogPath is { } shadowLog
            && string.Equals(Path.GetFullPath(requestLog), Path.GetFullPath(shadowLog), StringComparison.Ordinal))
        {
            errors.Add($"gateway.telemetry.request_log and shadow_log are the same file ('{requestLog}'); give each its own path.");
        }

        for (var i = 0; i < options.Redact.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Redact[i]))
            {
                errors.Add($"gateway.telemetry.redact[{i}] is empty; give a field name such as user_id or remove the entry.");
            }
        }

        return errors;
    }

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(TelemetryOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                $"Telemetry options are invalid ({errors.Count} problem(s)):{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", errors),
                nameof(options));
        }
    }

    /// <summary>Adds the problem of a log path, if any; true when the path is set and usable.</summary>
    private static bool CheckPath(List<string> errors, string field, string? path)
    {
        if (path is null)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"gateway.telemetry.{field} is empty; give a file path or leave the key out to write no {field.Replace('_', ' ')}.");
            return false;
        }

        if (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"gateway.telemetry.{field} '{path}' contains a character not allowed in a path.");
            return false;
        }

        return true;
    }
}
