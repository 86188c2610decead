namespace Warden.Core.Configuration;

/// <summary>What a section reader may need beyond its own mapping.</summary>
/// <param name="Source">The file as the user named it, for messages.</param>
/// <param name="BaseDirectory">The file's folder, against which relative paths in it are resolved; null keeps them as written.</param>
internal sealed record ConfigContext(string Source, string? BaseDirectory);
