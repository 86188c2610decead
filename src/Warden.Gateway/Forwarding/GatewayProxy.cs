using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Warden.Core.Privacy;
using Warden.Core.Traffic;
using Warden.Gateway.Compliance;
using Warden.Gateway.Configuration;
using Warden.Gateway.Health;
using Warden.Gateway.Hosting;
using Warden.Gateway.Routing;
using Warden.Gateway.Shadow;
using Warden.Gateway.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace Warden.Gateway.Forwarding;

/// <summary>
/// The request path: <c>/{service}/{**rest}</c> is routed by the route table in force (read once),
/// sent to production or, for the sticky canary share, to the canary, mirrored to the shadow when
/// one is set, and answered with the backend's response streamed back, or with a clear error.
/// </summary>
internal sealed partial class GatewayProxy(
    IRouteTableSource routes,
    BackendCatalog catalog,
    HttpMessageInvoker invoker,
    HealthReporter health,
    ShadowMirror mirror,
    IGatewayObserver observer,
    GatewayOptions options,
    TimeProvider time,
    ILogger logger,
    IHttpForwarder forwarder)
{
    // gateway.forwarder: yarp sends every request through YARP's forwarder; otherwise only upgrades go there.
    private readonly bool _yarpForAll = options.Forwarder == "yarp";

    private readonly ForwarderRequestConfig _requestConfig = RequestConfig(TimeSpan.FromMilliseconds(options.Timeouts.RequestMs));

    private readonly ForwarderRequestConfig _upgradeConfig = RequestConfig(TimeSpan.FromMilliseconds(options.Timeouts.RequestMs), upgrade: true);

    // HTTP/2 only (protocol: http2): prior knowledge on http://, ALPN on https://.
    private readonly ForwarderRequestConfig _http2Config = RequestConfig(TimeSpan.FromMilliseconds(options.Timeouts.RequestMs)) with
    {
        Version = System.Net.HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
    private readonly TimeSpan _requestTimeout = TimeSpan.FromMilliseconds(options.Timeouts.RequestMs);
    private readonly long _maxBody = options.MaxBodyBytes;
    private readonly string _stickyHeader = options.StickyHeader;
    private readonly bool _masksKey = MasksKey(options);
    private readonly string? _grpcDefault = options.Services.Count(s => s.Protocol == BackendProtocol.Http2) == 1
        ? options.Services.Single(s => s.Protocol == BackendProtocol.Http2).Name
        : null;

    private readonly FrozenDictionary<string, PathAllowList> _paths = options.Services.ToFrozenDictionary(s => s.Name, s => s.Paths, StringComparer.Ordinal);
    private readonly FrozenDictionary<string, ComplianceLabels> _labels = options.Services
        .Where(s => s.ComplianceLabels is not null)
        .ToFrozenDictionary(s => s.Name, s => s.ComplianceLabels!, StringComparer.Ordinal);

    // The request and shadow logs' name for the sticky key, as telemetry.redact lists it.
    private const string KeyField = "key";

    private RevisionLabel? _revision;

    /// <summary>Handles one request that no gateway endpoint (health, admin, metrics) matched.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var began = time.GetTimestamp();
        var start = time.GetUtcNow();
        var table = routes.Current;
        var prefixed = true;
        if (!TryFindRoute(table, context.Request.Path.Value, out var route))
        {
            // gRPC clients call /package.Service/Method at the root: the service is named by a header.
            if (!GrpcCalls.IsGrpc(context.Request) || !TryFindGrpcRoute(context, table, out route))
            {
                await AnswerNoRouteAsync(context).ConfigureAwait(false);
                return;
            }

            prefixed = false;
        }

        var service = route.Service;
        var rest = prefixed ? context.Request.Path.Value.AsSpan(1 + service.Length) : context.Request.Path.Value.AsSpan();
        if (Refusal(context, service, rest) is { } refusal)
        {
            observer.EventCounted(service, GatewayEvent.PathNotAllowed);
            await TryAnswerAsync(context, StatusCodes.Status404NotFound, refusal, null, service, null).ConfigureAwait(false);
            return;
        }

        var key = StickyKey(context);
        var arm = TrafficArm.Production;
        var target = route.Production;
        if (route.Canary is { } canary && route.CanaryBasisPoints > 0)
        {
            key ??= ClientAddress(context);
            if (StickyBucket.IsCanary(key, route.CanaryBasisPoints))
            {
                target = canary;
                arm = TrafficArm.Canary;
            }
        }

        // The key picks the bucket as sent; what is recorded from here on is masked when it is personal data.
        if (_masksKey && key is not null)
        {
            key = SensitiveFields.Marker;
        }

        var backend = catalog.Resolve(service, target);
        if (backend.IsDown)
        {
            await AnswerUnhealthyAsync(context, backend, arm, start, began, key).ConfigureAwait(false);
            return;
        }

        if (context.Request.ContentLength > _maxBody)
        {
            await AnswerTooLargeAsync(context, backend).ConfigureAwait(false);
            return;
        }

        // Only a service with labels pays for judging: its inference calls are buffered both ways.
        var labels = _labels.Count > 0 && IsInferenceCall(context, rest) ? _labels.GetValueOrDefault(service) : null;
        ShadowPair? pair = null;
        var result = default(ForwardResult);
        HttpContent? content = null;
        byte[]? requestBody = null;
        try
        {
            var upgrade = IsUpgrade(context);
            if (arm == TrafficArm.Production && route.Shadow is { } shadowTarget && !upgrade && options.Shadow.Mirrors(context.Request.Method, rest))
            {
                (pair, requestBody, var refused) = await StartMirrorAsync(context, backend, catalog.Resolve(service, shadowTarget), start, key, labels, prefixed).ConfigureAwait(false);
                if (refused is { } answered)
                {
                    result = answered;
                    return;
                }
            }

            if (labels is not null && pair is null && HasBody(context))
            {
                (requestBody, var refused) = await BufferBodyAsync(context, backend).ConfigureAwait(false);
                if (refused is { } answered)
                {
                    result = answered;
                    return;
                }
            }

            if (_yarpForAll || upgrade)
            {
                result = await ForwardWithYarpAsync(context, backend, table, requestBody, capture: pair is not null || labels is not null, prefixed, upgrade).ConfigureAwait(false);
                return;
            }

            if (requestBody is not null)
            {
                content = new ByteArrayContent(requestBody);
            }
            else if (HasBody(context))
            {
                content = new StreamingRequestContent(context.Request, _maxBody);
                content.Headers.ContentLength = context.Request.ContentLength;
            }

            result = await ForwardAsync(context, backend, table, content, capture: pair is not null || labels is not null, prefixed).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug on this path must cost one request, not the gateway.
            GatewayLog.UnexpectedError(logger, backend.ToString(), ex);
            result = new ForwardResult(StatusCodes.Status502BadGateway, FailureKind.BadResponse, 0, null);
            await TryAnswerAsync(context, StatusCodes.Status502BadGateway, $"gateway error while forwarding to {backend}: {ex.GetType().Name}", backend).ConfigureAwait(false);
        }
        finally
        {
            var latency = time.GetElapsedTime(began).TotalMilliseconds;

            // Judged before the pair may take the captured answer and release it.
            var compliant = labels is null || result.Failure is FailureKind.BodyTooLarge
                ? null
                : ComplianceJudge.Outcome(labels, requestBody, result.Answered, result.Status, result.Capture, observer, service);
            if (pair is null)
            {
                result.Capture?.Dispose();
            }

            pair?.ProductionDone(new ShadowAnswer(result.Answered, result.RecordedStatus, latency, result.Capture));
            content?.Dispose();
            Record(backend, arm, start, latency, key, result, content, compliant);
        }
    }

    // A WebSocket or other HTTP/1.1 upgrade, or an HTTP/2 extended CONNECT (WebSockets over HTTP/2):
    // YARP's forwarder carries these whichever forwarder is configured; they are never mirrored.
    private static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    // POST to a REST inference endpoint of the Open Inference Protocol: the calls whose answers rank
    // items. gRPC answers are compared in the shadow but not judged: the labels are read from JSON.
    private static bool IsInferenceCall(HttpContext context, ReadOnlySpan<char> rest) =>
        HttpMethods.IsPost(context.Request.Method) && PathAllowList.OpenInferenceInfer.Allows(rest) && !GrpcCalls.IsGrpc(context.Request);

    private void Record(BackendState backend, TrafficArm arm, DateTimeOffset start, double latency, string? key, ForwardResult result, HttpContent? content, bool? compliant)
    {
        if (result.Failure is FailureKind.BodyTooLarge)
        {
            observer.EventCounted(backend.Service, GatewayEvent.BodyTooLarge);
            return;
        }

        observer.RequestCompleted(new RequestOutcome
        {
            Service = backend.Service,
            Version = backend.Version,
            Arm = arm,
            Start = start,
            LatencyMs = latency,
            Status = result.RecordedStatus,
            Error = result.Failure is { } failure ? FailureClassifier.ErrorClass(failure) : result.RecordedStatus >= 500 ? "5xx" : null,
            Key = key,
            RequestBytes = content switch
            {
                StreamingRequestContent streaming => streaming.BytesSent,
                ByteArrayContent buffered => buffered.Headers.ContentLength ?? 0,
                _ => result.RequestBytes,
            },
            ResponseBytes = result.ResponseBytes,
            Compliant = compliant,
        });
    }

    /// <summary>
    /// True when the sticky key is written to the request and shadow logs as <see cref="SensitiveFields.Marker"/>:
    /// <c>gateway.telemetry.redact</c> names <c>key</c> or the sticky header, or the sticky header is a
    /// credential header (<c>Authorization</c>, <c>Cookie</c>, ...), which is never written whatever the configuration says.
    /// </summary>
    internal static bool MasksKey(GatewayOptions options)
    {
        var fields = new SensitiveFields(options.Telemetry.Redact);
        return fields.IsSensitive(KeyField) || fields.IsSensitiveHeader(options.StickyHeader);
    }

    /// <summary>True when the first path segment is one the gateway answers itself.</summary>
    public static bool IsReservedPath(string? path)
    {
        if (path is null || path.Length < 2)
        {
            return false;
        }

        var rest = path.AsSpan(1);
        var slash = rest.IndexOf('/');
        var segment = slash < 0 ? rest : rest[..slash];
        return GatewayConfigLoader.ReservedNames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(segment);
    }

    private static bool TryFindRoute(RouteTable table, string? path, out ServiceRoute route)
    {
        route = null!;
        if (path is null || path.Length < 2)
        {
            return false;
        }

        var rest = path.AsSpan(1);
        var slash = rest.IndexOf('/');
        var segment = slash < 0 ? rest : rest[..slash];
        if (table.Services.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
        {
            return lookup.TryGetValue(segment, out route!);
        }

        return table.Services.TryGetValue(segment.ToString(), out route!);
    }

    // The route of a gRPC call at the root path: the service its warden-service header names, or,
    // without the header, the one service whose backends speak HTTP/2 when there is exactly one.
    private bool TryFindGrpcRoute(HttpContext context, RouteTable table, out ServiceRoute route)
    {
        route = null!;
        var named = context.Request.Headers.TryGetValue(GrpcCalls.ServiceHeader, out var values) && values.Count > 0 ? values[0] : _grpcDefault;
        return named is not null && table.Services.TryGetValue(named, out route!);
    }

    // Why this request's path is not forwarded, or null when it is.
    private string? Refusal(HttpContext context, string service, ReadOnlySpan<char> rest)
    {
        var paths = _paths.GetValueOrDefault(service, PathAllowList.OpenInference);
        var shown = rest.Length == 0 ? "/" : rest.ToString();
        if (context.Features.Get<IHttpRequestFeature>()?.RawTarget is { } raw && PathAllowList.Ambiguity(raw) is { } ambiguity)
        {
            return $"path {shown} of service '{service}' is not forwarded: it has {ambiguity}";
        }

        return paths.Allows(rest)
            ? null
            : $"path {shown} is not forwarded to service '{service}'; gateway.services.{service}.paths allows {paths.Text}";
    }

    private string? StickyKey(HttpContext context) =>
        context.Request.Headers.TryGetValue(_stickyHeader, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0])
            ? values[0]
            : null;

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.ContentLength > 0;

    private string RevisionText(RouteTable table)
    {
        var label = Volatile.Read(ref _revision);
        if (label is null || !ReferenceEquals(label.Table, table))
        {
            label = new RevisionLabel(table, table.Revision.ToString(CultureInfo.InvariantCulture));
            Volatile.Write(ref _revision, label);
        }

        return label.Text;
    }

    // The revision header's text, formatted once per table rather than once per request.
    private sealed record RevisionLabel(RouteTable Table, string Text);
}
