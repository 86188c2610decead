namespace Warden.Registry;

/// <summary>The audit subjects of registry actions, so <c>audit list --subject model:ranker</c> finds them all.</summary>
internal static class Subjects
{
    /// <summary><c>model:NAME@VERSION</c>.</summary>
    public static string Version(string model, string version) => $"model:{model}@{version}";

    /// <summary><c>model:NAME/ALIAS</c>.</summary>
    public static string Alias(string model, string alias) => $"model:{model}/{alias}";
}
