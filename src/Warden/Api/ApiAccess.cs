using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Warden.Access;

namespace Warden.Api;

/// <summary>
/// Authorises every call of <c>/api/v1</c> (the OpenAPI document aside): a bearer token checked by
/// <see cref="TokenVerifier"/> (constant-time hash compare, expiry, revocation, the audit log
/// vouching for its row), then its role against the endpoint's <see cref="ApiRoute.Needs"/>.
/// A refusal is a problem document that says which role the call needs; refusals are counted (<see cref="ApiRefusals"/>, on <c>/metrics</c>) and
/// logged (by the token's name when the secret matched, never the token). Failed authentications
/// are rate limited per client address: after <see cref="ApiAccessOptions.FailuresPerWindow"/>
/// in a window, that address gets 429 until the window ends, valid token or not.
/// </summary>
internal sealed partial class ApiAccess : IDisposable
{
    /// <summary>The key under which the caller is kept in <see cref="HttpContext.Items"/>.</summary>
    public const string CallerKey = "warden.api.caller";

    private readonly TokenVerifier _verifier;
    private readonly ILogger _logger;
    private readonly PartitionedRateLimiter<IPAddress> _failures;
    private readonly ApiRefusals _refusals;

    public ApiAccess(TokenVerifier verifier, ApiAccessOptions options, ApiRefusals refusals, ILogger logger)
    {
        _verifier = verifier;
        _refusals = refusals;
        _logger = logger;

        // System.Threading.RateLimiting's fixed window per address; its windows run on its own timer
        // (the library takes no TimeProvider), which is why tests assert the count, not the window's end.
        _failures = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(
            address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.FailuresPerWindow, Window = options.Window, QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>Calls refused for a missing or bad token, for a role too low, and for too many failures, since start.</summary>
    public (long Unauthenticated, long Forbidden, long RateLimited) Refusals => _refusals.Counts;

    /// <summary>The caller of an authorised call.</summary>
    public static ApiCaller Caller(HttpContext context) => (ApiCaller)context.Items[CallerKey]!;

    /// <summary>Null when <paramref name="context"/> may call <paramref name="route"/> (its caller then in <see cref="CallerKey"/>); else the refusal to send.</summary>
    public async Task<IResult?> AuthoriseAsync(HttpContext context, ApiRoute route)
    {
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (_failures.GetStatistics(address) is { CurrentAvailablePermits: <= 0 })
        {
            _refusals.RateLimited();
            Log.RateLimited(_logger, address.ToString(), route.Method, route.Path);
            return ApiProblems.Of(StatusCodes.Status429TooManyRequests, "Too many failed authentications", $"{address} sent too many calls with a missing or bad token; wait a minute and send a valid one ('warden token create').");
        }

        var header = context.Request.Headers.Authorization.ToString();
        var needs = route.NeedsText;
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Unauthenticated(context, address, route, $"this call needs a token with the {needs} role (or one that includes it): send 'Authorization: Bearer wdn_…' ('warden token create --role {needs}').");
        }

        var check = await _verifier.VerifyAsync(header["Bearer ".Length..].Trim(), context.RequestAborted).ConfigureAwait(false);
        if (!check.IsValid)
        {
            if (check.Outcome == TokenOutcome.NotVouched)
            {
                Log.NotVouched(_logger, check.Name ?? "?", check.Problem ?? "?");
            }

            var why = check.Outcome switch
            {
                TokenOutcome.Revoked => $"token '{check.Name}' was revoked",
                TokenOutcome.Expired => $"token '{check.Name}' has expired",
                TokenOutcome.NotVouched => $"token '{check.Name}' is not vouched for by the audit log (run 'warden audit verify')",
                _ => "the token is not valid",
            };
            return Unauthenticated(context, address, route, $"{why}; this call needs a token with the {needs} role ('warden token create --role {needs}').");
        }

        var role = check.Role!.Value;
        if (!route.Permits(role))
        {
            _refusals.Forbidden();
            Log.Forbidden(_logger, check.Name!, Roles.Name(role), route.Method, route.Path, needs);
            return ApiProblems.Of(
                StatusCodes.Status403Forbidden,
                "Role too low",
                $"{route.Method} {route.Path} needs the {needs} role; token '{check.Name}' has the {Roles.Name(role)} role.",
                new Dictionary<string, object?> { ["needs"] = Roles.Name(route.Needs), ["has"] = Roles.Name(role) });
        }

        context.Items[CallerKey] = new ApiCaller(check.Name!, role, check.ExpiresAt);
        return null;
    }

    public void Dispose() => _failures.Dispose();

    private IResult Unauthenticated(HttpContext context, IPAddress address, ApiRoute route, string detail)
    {
        _refusals.Unauthenticated();
        using var lease = _failures.AttemptAcquire(address);
        Log.Unauthenticated(_logger, address.ToString(), route.Method, route.Path);
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.Of(StatusCodes.Status401Unauthorized, "Authentication required", detail, new Dictionary<string, object?> { ["needs"] = Roles.Name(route.Needs) });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = Warden.EventIds.ApiUnauthenticated, Level = LogLevel.Warning, Message = "API call without a valid token from {Address}: {Method} {Path}")]
        public static partial void Unauthenticated(ILogger logger, string address, string method, string path);

        [LoggerMessage(EventId = Warden.EventIds.ApiForbidden, Level = LogLevel.Warning, Message = "API call refused: token {Token} ({Role}) called {Method} {Path}, which needs {Needs}")]
        public static partial void Forbidden(ILogger logger, string token, string role, string method, string path, string needs);

        [LoggerMessage(EventId = Warden.EventIds.ApiRateLimited, Level = LogLevel.Warning, Message = "API calls from {Address} refused (too many failed authentications): {Method} {Path}")]
        public static partial void RateLimited(ILogger logger, string address, string method, string path);

        [LoggerMessage(EventId = Warden.EventIds.ApiTokenNotVouched, Level = LogLevel.Error, Message = "API token {Token} refused: its row is not vouched for by the audit log ({Problem})")]
        public static partial void NotVouched(ILogger logger, string token, string problem);
    }
}
