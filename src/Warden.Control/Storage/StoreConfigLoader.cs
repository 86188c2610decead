using Warden.Core.Configuration;

namespace Warden.Storage;

/// <summary>
/// Reads the <c>store:</c> section of warden.yaml: a store address alone
/// (<c>store: postgres://warden@db:5432/warden</c>) or a mapping with <c>url</c> and
/// <c>password_file</c>. A password written in the URL is refused here: warden.yaml is read by
/// people and checked into repositories, so the password comes from <c>PGPASSWORD</c> or the file.
/// </summary>
internal static class StoreConfigLoader
{
    private static readonly MappingShape SectionShape = new(["url", "password_file"]);

    private const string Expected = "a store address: sqlite:PATH (a data directory) or postgres://USER@HOST:PORT/DATABASE";

    /// <summary>The fixed mappings of the section by dotted path.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["store"] = SectionShape.Keys,
        };

    /// <summary>The <c>store:</c> section as a reader of the one warden.yaml loader.</summary>
    internal static IConfigSection Section { get; } = new StoreSection();

    private static StoreSettings Read(MappingReader store, ConfigContext context)
    {
        var url = store.Text("url", Expected);
        var passwordFile = store.Text("password_file", "the path of a file holding the PostgreSQL password");
        var address = url is null ? null : Address(url, context, (problem, fix) => store.Error(url, "url", problem, fix));
        if (passwordFile is not null && address is { Kind: not StoreKind.Postgres })
        {
            store.Error(passwordFile, "password_file", "a password file is for a postgres:// store", "remove store.password_file, or set store.url to postgres://USER@HOST:PORT/DATABASE");
            return new StoreSettings { Address = address };
        }

        var password = passwordFile is null
            ? null
            : ConfigFilePath.Existing(store, passwordFile, "password_file", context, "a password file", "the path of a file holding the PostgreSQL password", "correct the path, or create the file (its first line is the password)");
        return new StoreSettings { Address = address, PasswordFile = password };
    }

    private static StoreAddress? Address(ConfigScalar value, ConfigContext context, Action<string, string> error)
    {
        if (HasPassword(value.Value))
        {
            error("the URL holds a password", "postgres://USER@HOST:PORT/DATABASE without ':PASSWORD'; give the password in PGPASSWORD or store.password_file");
            return null;
        }

        var address = StoreAddress.Parse(value.Value, context.BaseDirectory, out var problem);
        if (problem is not null)
        {
            error(problem, Expected);
        }

        return address;
    }

    // postgres://user:secret@host/...: a ':' in the part before the '@'.
    private static bool HasPassword(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.IndexOf('@', StringComparison.Ordinal);
        return scheme > 0 && at > scheme && url.AsSpan(scheme + 3, at - scheme - 3).Contains(':');
    }

    private sealed class StoreSection : IConfigSection
    {
        public string Name => "store";

        IReadOnlyDictionary<string, IReadOnlyList<string>> IConfigSection.KnownKeys => KnownKeys;

        public string Expected => "a store: section (see docs/scale-out.md)";

        public object Read(MappingReader section, ConfigContext context) => StoreConfigLoader.Read(section, context);

        public object? ReadScalar(ConfigScalar value, ConfigErrorLog log, ConfigContext context) =>
            new StoreSettings { Address = Address(value, context, (problem, fix) => log.Add(value, "store", problem, fix)) };
    }
}
