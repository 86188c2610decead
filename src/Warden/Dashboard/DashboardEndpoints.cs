using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace Warden.Dashboard;

/// <summary>
/// Serves the dashboard on the admin listener: <c>GET /</c> answers index.html and
/// <c>GET /dashboard/{file}</c> the other files (docs/dashboard.md). The files hold no data, so they
/// need no token; every datum comes from <c>/api/v1</c> with the user's token. Each answer carries a
/// strong ETag (304 on a matching If-None-Match), <c>Cache-Control: no-cache</c> (revalidate, so an
/// upgraded binary's page is never mixed with a cached old one) and a strict Content-Security-Policy.
/// Written here rather than <c>UseStaticFiles</c> over <c>ManifestEmbeddedFileProvider</c>: that
/// provider's package is served here only as 11.0.0, off the ASP.NET Core 10.0.x line the project
/// keeps, and the answers need the content's SHA-256 as a strong ETag and the security headers on
/// every status anyway — about fifty lines.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>Where the files other than the page itself are served.</summary>
    public const string AssetPrefix = "/dashboard/";

    /// <summary>
    /// Only this server's own scripts and styles, no inline code, no framing, no form posts, no
    /// base-URI tricks: a page that holds a token runs nothing it did not ship.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Whether the admin listener should pass <paramref name="path"/> to these endpoints (<c>/</c> and <c>/dashboard/...</c>).</summary>
    public static bool IsDashboardPath(PathString path) =>
        path.Value is "/" || path.Value?.StartsWith(AssetPrefix, StringComparison.Ordinal) == true;

    /// <summary>Maps <c>/</c> and <c>/dashboard/{file}</c> (GET and HEAD) to <paramref name="assets"/>.</summary>
    public static void Map(IEndpointRouteBuilder endpoints, DashboardAssets assets)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(assets);
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        endpoints.MapMethods("/", methods, context => WriteAsync(context, assets.Find(DashboardAssets.IndexName), DashboardAssets.IndexName))
            .ExcludeFromDescription();
        endpoints.MapMethods(AssetPrefix + "{**file}", methods, context =>
        {
            var file = context.Request.RouteValues["file"] as string ?? string.Empty;
            return WriteAsync(context, assets.Find(file), file);
        }).ExcludeFromDescription();
    }

    private static Task WriteAsync(HttpContext context, DashboardAsset? asset, string name)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-cache";
        if (asset is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync($"no dashboard file '{name}'; the page is at /\n", context.RequestAborted);
        }

        headers.ETag = asset.ETag;
        if (Matches(context.Request.Headers.IfNoneMatch, asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    // If-None-Match compares weakly (RFC 9110 13.1.2): W/"x" matches "x"; * matches any current file.
    internal static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                if (tag == "*" || tag == etag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
