namespace Warden.Core.Configuration;

/// <summary>The sections of one <c>warden.yaml</c> as their readers returned them, or the errors.</summary>
internal sealed class ConfigFile(IReadOnlyDictionary<string, object> sections, IReadOnlyList<ConfigError> errors)
{
    /// <summary>Every error of every section, in file order; empty when the file is valid.</summary>
    public IReadOnlyList<ConfigError> Errors { get; } = errors;

    /// <summary>The options <paramref name="section"/> read. Only meaningful when <see cref="Errors"/> is empty.</summary>
    public T Get<T>(IConfigSection section)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(section);
        return Errors.Count == 0
            ? (T)sections[section.Name]
            : throw new InvalidOperationException($"warden.yaml has {Errors.Count} error(s); read Errors before asking for the '{section.Name}' section.");
    }
}
