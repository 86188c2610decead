using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Warden.Dashboard;

/// <summary>
/// The dashboard's files, embedded in warden.dll under <c>dashboard/</c> (Warden.csproj) and read
/// once: a fresh clone serves them with no build step, no npm and no CDN, offline.
/// </summary>
internal sealed class DashboardAssets
{
    /// <summary>The embedded resources' name prefix; the rest is the path under <c>/dashboard/</c>.</summary>
    public const string ResourcePrefix = "dashboard/";

    /// <summary>The page every view lives in, answered at <c>/</c>.</summary>
    public const string IndexName = "index.html";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json; charset=utf-8",
        [".png"] = "image/png",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, DashboardAsset> _assets;

    private DashboardAssets(FrozenDictionary<string, DashboardAsset> assets) => _assets = assets;

    /// <summary>The files embedded in warden.dll, read once per process.</summary>
    public static DashboardAssets Embedded { get; } = Load(typeof(DashboardAssets).Assembly);

    /// <summary>Every file's path under <c>/dashboard/</c>, in ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. _assets.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The file at <paramref name="name"/> (a path under <c>/dashboard/</c>), or null.</summary>
    public DashboardAsset? Find(string name) => _assets.GetValueOrDefault(name);

    /// <summary>The media type served for a file name; a file of another kind is refused when the assets are read.</summary>
    public static string? ContentTypeOf(string name) => ContentTypes.GetValueOrDefault(Path.GetExtension(name));

    private static DashboardAssets Load(Assembly assembly)
    {
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..].Replace('\\', '/');

            // An unknown kind would be served as something a browser sniffs; the build must name it above.
            var type = ContentTypeOf(name) ?? throw new InvalidOperationException(
                $"dashboard file '{name}' has no content type; add its extension to DashboardAssets.ContentTypes");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var tag = $"\"{Convert.ToBase64String(SHA256.HashData(bytes).AsSpan(0, 16)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";
            assets[name] = new DashboardAsset(name, bytes, type, tag);
        }

        return new DashboardAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
