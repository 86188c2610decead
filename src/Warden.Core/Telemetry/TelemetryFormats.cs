namespace Warden.Core.Telemetry;

/// <summary>Maps file names to <see cref="TelemetryFormat"/>.</summary>
public static class TelemetryFormats
{
    /// <summary>
    /// Picks the format from the file extension, ignoring case: <c>.jsonl</c>, <c>.ndjson</c> and
    /// <c>.json</c> are JSON Lines, <c>.csv</c> is CSV. Compressed files (<c>.gz</c>) and any other
    /// extension are not recognised, so the caller can ask the user to name the format.
    /// </summary>
    /// <param name="path">File path or URI as the user gave it.</param>
    /// <param name="format">The format when recognised; <see cref="TelemetryFormat.JsonLines"/> otherwise.</param>
    /// <returns><see langword="true"/> when the extension names a telemetry format.</returns>
    public static bool TryFromPath(string path, out TelemetryFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path.AsSpan());
        if (extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".ndjson", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            format = TelemetryFormat.JsonLines;
            return true;
        }

        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            format = TelemetryFormat.Csv;
            return true;
        }

        format = TelemetryFormat.JsonLines;
        return false;
    }
}
