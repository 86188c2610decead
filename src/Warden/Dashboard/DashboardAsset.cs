namespace Warden.Dashboard;

/// <summary>One file of the dashboard as served: its bytes, content type and strong entity tag.</summary>
/// <param name="Name">The path under <c>/dashboard/</c>, e.g. <c>views/services.js</c>.</param>
/// <param name="Content">The file's bytes, as embedded in warden.dll.</param>
/// <param name="ContentType">The media type with its charset for text.</param>
/// <param name="ETag">A strong entity tag: the quoted base64url SHA-256 of <paramref name="Content"/> (its first 128 bits).</param>
internal sealed record DashboardAsset(string Name, ReadOnlyMemory<byte> Content, string ContentType, string ETag);
