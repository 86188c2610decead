namespace Warden.Audit;

/// <summary>Who the audit log says acted: <c>--actor</c>, else <c>WARDEN_ACTOR</c>, else <c>user@host</c>.</summary>
internal static class AuditActor
{
    /// <summary>Environment variable naming the actor (CI jobs set it to the pipeline identity).</summary>
    public const string EnvironmentVariable = "WARDEN_ACTOR";

    /// <summary>The actor for an optional <c>--actor</c> value.</summary>
    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option.Trim();
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv)
        {
            return fromEnv.Trim();
        }

        return $"{Environment.UserName}@{Environment.MachineName}";
    }
}
