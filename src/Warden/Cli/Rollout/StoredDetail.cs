using System.Text.Json;
using Warden.Core.Reports;
using Warden.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary>
/// Reads back the measured values a history row keeps (<see cref="RolloutEventRecord.DetailJson"/>):
/// a step analysis (<see cref="StepAnalysisJson"/>) or a live shadow verdict (<see cref="LiveVerdictJson"/>).
/// A row that does not read as either gives null and the problem, never an exception: status
/// still shows the rest.
/// </summary>
internal static class StoredDetail
{
    /// <summary>The step analysis in <paramref name="json"/>.</summary>
    public static (StepAnalysisJson? Analysis, string? Problem) Analysis(string? json) => Read<StepAnalysisJson>(json);

    /// <summary>The live verdict in <paramref name="json"/>.</summary>
    public static (LiveVerdictJson? Verdict, string? Problem) Verdict(string? json) => Read<LiveVerdictJson>(json);

    private static (T? Value, string? Problem) Read<T>(string? json)
        where T : class
    {
        if (json is null)
        {
            return (null, "no measurements were stored with this transition");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, JsonOutput.Options) is { } value
                ? (value, null)
                : (null, "the stored measurements are empty");
        }
        catch (JsonException ex)
        {
            return (null, $"the stored measurements cannot be read ({ex.Message})");
        }
    }

}
