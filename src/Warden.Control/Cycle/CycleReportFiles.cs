using System.Security.Cryptography;
using Warden.Core.Cycle;

namespace Warden.Cycle;

/// <summary>
/// A cycle's report files in its folder: which there are, their sha256 as recorded, and reading one
/// back checked against that sha256 (<c>warden cycle report</c>, <c>GET /api/v1/cycles/{id}/reports/{name}</c>).
/// </summary>
internal static class CycleReportFiles
{
    /// <summary>Every report a cycle may write, in the order a reader wants them.</summary>
    public static IReadOnlyList<string> Names { get; } = [InnovationReport.MarkdownFile, InnovationReport.JsonFile, CycleReport.MarkdownFile, CycleReport.JsonFile];

    /// <summary>The sha256 of each of <paramref name="names"/> present in <paramref name="folder"/>, by name.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> HashAsync(string folder, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                hashes[name] = Sha256(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
            }
        }

        return hashes;
    }

    /// <summary>Lowercase hex sha256 of <paramref name="bytes"/>, as <c>sha256sum</c> prints it.</summary>
    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The reports of <paramref name="record"/> that exist in its folder.</summary>
    public static IReadOnlyList<string> Present(CycleRecord record) =>
        record.Folder is { } folder ? [.. Names.Where(n => File.Exists(Path.Combine(folder, n)))] : [];
}
