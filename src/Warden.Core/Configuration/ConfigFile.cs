namespace Warden.Core.Configuration;

/// <summary>The sections of one <c>warden.yaml</c> as their readers returned them, or the errors.</summary>
internal sealed class ConfigFile(IReadOnlyDictionary<string, object> sections, IReadOnlyList<ConfigError> errors, IReadOnlyList<string> written)
{
    /// <summary>The registered sections the file writes, in registration order; the others took their defaults.</summary>
    public IReadOnlyList<string> Written { get; } = written;

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
