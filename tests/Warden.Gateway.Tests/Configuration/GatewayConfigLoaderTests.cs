using System.Text.Json;
using Warden.Core.Policy;
using Warden.Gateway.Configuration;
using Warden.Gateway.Forwarding;
using Warden.Tests.Support;

namespace Warden.Gateway.Tests.Configuration;

public sealed class GatewayConfigLoaderTests
{
    private const string Minimal = """
        gateway:
          services:
            ranker:
              backends: { v1: http://127.0.0.1:8091/ }
              production: v1
        """;

    [Fact]
    public void Load_Minimal_DefaultsEverywhere()
    {
        var options = LoadOk(Minimal);

        Assert.Equal("X-Warden-Key", options.StickyHeader);
        Assert.Equal(10_485_760, options.MaxBodyBytes);
        Assert.Equal(new TimeoutOptions { ConnectMs = 2000, RequestMs = 10_000 }, options.Timeouts);
        Assert.Equal(new ShadowOptions { MaxConcurrency = 64, TimeoutMs = 10_000 }, options.Shadow);
        Assert.Equal(new HealthOptions { IntervalMs = 2000, FailuresToMarkDown = 5, Path = "/v2/health/ready" }, options.Health);
        Assert.Equal(new Warden.Gateway.Telemetry.TelemetryOptions(), options.Telemetry);
        var service = Assert.Single(options.Services);
        Assert.Equal(("ranker", "v1", "http://127.0.0.1:8091/"), (service.Name, service.Route.Production.Version, service.Route.Production.Address.AbsoluteUri));
        Assert.Null(service.Route.Shadow);
        Assert.Null(service.Route.Canary);
        Assert.Same(service.Backends[0], service.Route.Production);
    }

    [Fact]
    public void Load_EveryKey_ReadsEveryValue()
    {
        var yaml = """
            gateway:
              sticky_header: X-User
              max_body_bytes: 2048
              timeouts: { connect_ms: 500, request_ms: 3000 }
              shadow: { max_concurrency: 8, timeout_ms: 1500 }
              health: { interval_ms: 250, failures_to_mark_down: 2, path: /healthz }
              telemetry: { ring_minutes: 10, request_log: logs/requests.jsonl, sample_rate: 0.25, shadow_log: /tmp/shadow.jsonl }
              services:
                ranker:
                  backends: { v1: http://127.0.0.1:8091/, v2: "http://127.0.0.1:8092/base", v3: https://models.example/ }
                  production: v1
                  shadow: v3
                  canary: { version: v2, weight: 12.5 }
                search:
                  backends: { a: http://127.0.0.1:9000 }
                  production: a
                  shadow: ~
                  canary: ~
            """;

        using var folder = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(folder.Path, "logs"));
        var options = Load(yaml, folder.Path).Options!;

        Assert.Equal(("X-User", 2048L), (options.StickyHeader, options.MaxBodyBytes));
        Assert.Equal(new TimeoutOptions { ConnectMs = 500, RequestMs = 3000 }, options.Timeouts);
        Assert.Equal(new ShadowOptions { MaxConcurrency = 8, TimeoutMs = 1500 }, options.Shadow);
        Assert.Equal(new HealthOptions { IntervalMs = 250, FailuresToMarkDown = 2, Path = "/healthz" }, options.Health);
        Assert.Equal(new Warden.Gateway.Telemetry.TelemetryOptions { RingMinutes = 10, RequestLogPath = Path.Combine(folder.Path, "logs", "requests.jsonl"), SampleRate = 0.25, ShadowLogPath = "/tmp/shadow.jsonl" }, options.Telemetry);
        Assert.Equal(["ranker", "search"], options.Services.Select(s => s.Name));
        var ranker = options.Services[0].Route;
        Assert.Equal(("v1", "v3", "v2", 1250), (ranker.Production.Version, ranker.Shadow!.Version, ranker.Canary!.Version, ranker.CanaryBasisPoints));
        Assert.Equal("http://127.0.0.1:8092/base/", ranker.Canary.Address.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:9000/", options.Services[1].Route.Production.Address.AbsoluteUri);
        Assert.Null(options.Services[1].Route.Shadow);
        Assert.Null(options.Services[1].Route.Canary);
    }

    [Fact]
    public void Load_NoPaths_OpenInferenceDefaultsAndInferOnlyMirrored()
    {
        var options = LoadOk(Minimal);

        Assert.Same(PathAllowList.OpenInference, options.Services[0].Paths);
        Assert.Equal(["POST"], options.Shadow.Methods);
        Assert.Same(PathAllowList.OpenInferenceInfer, options.Shadow.Paths);
    }

    [Fact]
    public void Load_PathsAndShadowRules_Read()
    {
        var options = LoadOk("""
            gateway:
              shadow: { methods: [POST, PUT], paths: [/predict] }
              services:
                ranker:
                  backends: { v1: http://127.0.0.1:8091/ }
                  production: v1
                  paths: [/, /predict, "/models/{name}/{**rest}"]
            """);

        Assert.Equal(["/", "/predict", "/models/{name}/{**rest}"], options.Services[0].Paths.Patterns.Select(p => p.Text));
        Assert.Equal(["POST", "PUT"], options.Shadow.Methods);
        Assert.Equal("/predict", Assert.Single(options.Shadow.Paths.Patterns).Text);
    }

    [Theory]
    [InlineData("paths: [v2/infer]", "warden.yaml:6:15: gateway.services.ranker.paths[0]: path pattern 'v2/infer' does not start with /")]
    [InlineData("paths: [/v2, \"/v2/{**rest}/x\"]", "warden.yaml:6:20: gateway.services.ranker.paths[1]: path pattern '/v2/{**rest}/x' has {**rest} before its end; a {**...} segment must come last")]
    [InlineData("paths: [\"/v2/models/{name/infer\"]", "warden.yaml:6:15: gateway.services.ranker.paths[0]: path pattern '/v2/models/{name/infer' has the segment '{name'; a parameter is a whole segment, {name} or a last {**name}, with a name of letters, digits and '_'")]
    [InlineData("paths: [/v2/../admin]", "warden.yaml:6:15: gateway.services.ranker.paths[0]: path pattern '/v2/../admin' has the segment '..'")]
    [InlineData("paths: [/v2?x=1]", "warden.yaml:6:15: gateway.services.ranker.paths[0]: path pattern '/v2?x=1' has '?', which a path pattern cannot hold (no query, fragment, escapes, spaces or backslashes)")]
    [InlineData("paths: [/v2//x]", "warden.yaml:6:15: gateway.services.ranker.paths[0]: path pattern '/v2//x' has an empty segment ('//' or a trailing '/')")]
    [InlineData("paths: []", "warden.yaml:6:14: gateway.services.ranker.paths: the list is empty, so nothing would be let through")]
    [InlineData("paths: /v2", "warden.yaml:6:14: gateway.services.ranker.paths: '/v2' is not a list")]
    public void Load_BadPathPattern_ErrorAtTheItem(string line, string error)
    {
        var result = Load(Minimal + "\n      " + line + "\n");

        var only = Assert.Single(result.Errors);
        Assert.StartsWith(error + "; expected ", only.ToString());
        Assert.Null(result.Options);
    }

    [Theory]
    [InlineData("shadow: { methods: [post] }", "warden.yaml:2:23: gateway.shadow.methods[0]: 'post' is not an HTTP method in capitals; expected an HTTP method in capitals, e.g. POST")]
    [InlineData("shadow: { paths: [infer] }", "warden.yaml:2:21: gateway.shadow.paths[0]: path pattern 'infer' does not start with /; expected a path starting with /")]
    public void Load_BadShadowRule_ErrorAtTheItem(string line, string error)
    {
        var result = Load("gateway:\n  " + line + "\n  services:\n    ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }\n");

        Assert.StartsWith(error, Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_AdminAllowedHosts_Read()
    {
        var options = LoadOk("gateway:\n  admin: { allowed_hosts: [Gateway.Internal, \"10.0.0.5:8080\", \"[::1]\"] }\n  services:\n    ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }\n");

        Assert.Equal(["gateway.internal", "10.0.0.5:8080", "[::1]"], options.Admin.AllowedHosts);
        Assert.Empty(LoadOk(Minimal).Admin.AllowedHosts);
    }

    [Fact]
    public void Load_AdminUrls_ReadElseLoopback8079()
    {
        var options = LoadOk("gateway:\n  admin: { urls: [\"http://127.0.0.1:9079\", \"http://[::1]:9079/\"] }\n  services:\n    ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }\n");

        Assert.Equal(["http://127.0.0.1:9079", "http://[::1]:9079"], options.Admin.Urls);
        Assert.Equal(["http://127.0.0.1:8079"], LoadOk(Minimal).Admin.Urls);
    }

    [Theory]
    [InlineData("admin: { urls: [\"https://127.0.0.1:9079\"] }", "warden.yaml:2:19: gateway.admin.urls[0]: 'https://127.0.0.1:9079' is not an http://HOST:PORT address; expected an http://HOST:PORT address, e.g. http://127.0.0.1:8079 (loopback unless the admin API is guarded otherwise)")]
    [InlineData("admin: { urls: [\"http://127.0.0.1:9079/admin\"] }", "warden.yaml:2:19: gateway.admin.urls[0]: 'http://127.0.0.1:9079/admin' is not an http://HOST:PORT address; expected an http://HOST:PORT address, e.g. http://127.0.0.1:8079 (loopback unless the admin API is guarded otherwise)")]
    [InlineData("admin: { urls: [] }", "warden.yaml:2:18: gateway.admin.urls: the list is empty, so nothing would be let through; expected a list of addresses, each an http://HOST:PORT address, e.g. http://127.0.0.1:8079 (loopback unless the admin API is guarded otherwise) (default: [http://127.0.0.1:8079])")]
    public void Load_BadAdminUrl_ErrorAtTheItem(string line, string error)
    {
        var result = Load("gateway:\n  " + line + "\n  services:\n    ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }\n");

        Assert.Equal(error, Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("admin: { allowed_hosts: [http://x/] }", "warden.yaml:2:28: gateway.admin.allowed_hosts[0]: 'http://x/' is not a host name or host:port; expected a host name or address, optionally with :port, e.g. gateway.internal or 10.0.0.5:8080")]
    [InlineData("admin: { allowed_hosts: [\"*\"] }", "warden.yaml:2:28: gateway.admin.allowed_hosts[0]: '*' is not a host name or host:port; expected a host name or address, optionally with :port, e.g. gateway.internal or 10.0.0.5:8080")]
    [InlineData("admin: { allowd_hosts: [x] }", "warden.yaml:2:12: gateway.admin.allowd_hosts: unknown key 'allowd_hosts'; did you mean 'allowed_hosts'?; expected one of urls, allowed_hosts")]
    public void Load_BadAllowedHost_ErrorAtTheItem(string line, string error)
    {
        var result = Load("gateway:\n  " + line + "\n  services:\n    ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }\n");

        Assert.Equal(error, Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("request_log: a.jsonl, shadow_log: a.jsonl", "warden.yaml:3:50: gateway.telemetry.shadow_log: 'a.jsonl' is the same file as request_log (FOLDER/a.jsonl); expected a file of its own, e.g. logs/shadow.jsonl beside logs/requests.jsonl")]
    [InlineData("request_log: a.jsonl, shadow_log: ./b/../a.jsonl", "warden.yaml:3:50: gateway.telemetry.shadow_log: './b/../a.jsonl' is the same file as request_log (FOLDER/a.jsonl); expected a file of its own, e.g. logs/shadow.jsonl beside logs/requests.jsonl")]
    [InlineData("request_log: missing/a.jsonl", "warden.yaml:3:29: gateway.telemetry.request_log: the folder FOLDER/missing does not exist; expected a path in an existing folder: create it (mkdir -p FOLDER/missing) or change the path")]
    [InlineData("shadow_log: missing/deeper/s.jsonl", "warden.yaml:3:28: gateway.telemetry.shadow_log: the folder FOLDER/missing/deeper does not exist; expected a path in an existing folder: create it (mkdir -p FOLDER/missing/deeper) or change the path")]
    public void Load_BadLogPath_ErrorAtTheSetting(string telemetry, string error)
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(folder.Path, "b"));

        var result = Load("gateway:\n  services: { ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 } }\n  telemetry: { " + telemetry + " }\n", folder.Path);

        Assert.Equal(error.Replace("FOLDER", folder.Path, StringComparison.Ordinal), Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_LogsInTwoFilesOfAnExistingFolder_Accepted()
    {
        using var folder = new TempDirectory();

        var result = Load("gateway:\n  services: { ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 } }\n  telemetry: { request_log: a.jsonl, shadow_log: b.jsonl }\n", folder.Path);

        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("canary: { version: v2, weight: 120 }", "warden.yaml:7:38: gateway.services.ranker.canary.weight: canary weight must be 0–100 (percent, 0.01 resolution); currently 120; expected a percentage from 0 to 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData("canary: { version: v2, weight: 12.345 }", "warden.yaml:7:38: gateway.services.ranker.canary.weight: canary weight must be 0–100 (percent, 0.01 resolution); currently 12.345; expected a percentage from 0 to 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData("canary: { version: v2, weight: -1 }", "warden.yaml:7:38: gateway.services.ranker.canary.weight: canary weight must be 0–100 (percent, 0.01 resolution); currently -1; expected a percentage from 0 to 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData("canary: { version: v2 }", "warden.yaml:7:7: gateway.services.ranker.canary.weight: missing required key 'weight'; expected a percentage from 0 to 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData("canary: { version: v3, weight: 5 }", "warden.yaml:7:26: gateway.services.ranker.canary.version: canary version 'v3' is not a backend of service 'ranker' (did you mean 'v1'?); known backends: v1, v2; expected one of the service's backends: v1, v2, other than production")]
    [InlineData("canary: { version: v1, weight: 5 }", "warden.yaml:7:26: gateway.services.ranker.canary.version: canary version 'v1' is the production version; a canary must be another backend (known backends: v1, v2); expected one of the service's backends: v1, v2, other than production")]
    [InlineData("shadow: v1", "warden.yaml:7:15: gateway.services.ranker.shadow: shadow version 'v1' is the production version; a shadow must be another backend (known backends: v1, v2); expected one of the service's backends: v1, v2, other than production; or remove the key")]
    [InlineData("shadw: v2", "warden.yaml:7:7: gateway.services.ranker.shadw: unknown key 'shadw'; did you mean 'shadow'?; expected one of backends, production, shadow, canary, paths, protocol, compliance_labels")]
    public void Load_BadRoute_OneErrorWithPositionAndFix(string line, string error)
    {
        Assert.Equal(error, Assert.Single(LoadRoute(line).Errors).ToString());
    }

    [Fact]
    public void Load_MisspeltWeight_UnknownKeyAndMissingWeightBothReported()
    {
        Assert.Equal(
            [
                "warden.yaml:7:7: gateway.services.ranker.canary.weight: missing required key 'weight'; expected a percentage from 0 to 100 with at most two decimals, e.g. 5 or 12.5",
                "warden.yaml:7:30: gateway.services.ranker.canary.wieght: unknown key 'wieght'; did you mean 'weight'?; expected one of version, weight",
            ],
            LoadRoute("canary: { version: v2, wieght: 5 }").Errors.Select(e => e.ToString()));
    }

    private static GatewayLoadResult LoadRoute(string line)
    {
        var yaml = $"""
            gateway:
              services:
                ranker:
                  backends: {"{"} v1: http://127.0.0.1:8091/, v2: http://127.0.0.1:8092/ {"}"}
                  production: v1

                  {line}
            """;

        var result = Load(yaml);
        Assert.Null(result.Options);
        return result;
    }

    [Theory]
    [InlineData("v1: ftp://127.0.0.1/", "gateway.services.ranker.backends.v1", "'ftp://127.0.0.1/' is not an http:// or https:// address")]
    [InlineData("v1: 127.0.0.1:8091", "gateway.services.ranker.backends.v1", "'127.0.0.1:8091' is not an http:// or https:// address")]
    [InlineData("v1: http://127.0.0.1:8091/?a=1", "gateway.services.ranker.backends.v1", "'http://127.0.0.1:8091/?a=1' has a query, fragment or user name")]
    [InlineData("v1: http://alice:s3cret@127.0.0.1:8091/", "gateway.services.ranker.backends.v1", "'http://[redacted]@127.0.0.1:8091/' has a query, fragment or user name")]
    [InlineData("v1: http://127.0.0.1:8091/?access_token=s3cret&a=1", "gateway.services.ranker.backends.v1", "'http://127.0.0.1:8091/?access_token=[redacted]&a=1' has a query, fragment or user name")]
    [InlineData("v1: ", "gateway.services.ranker.backends.v1", "no address given")]
    [InlineData("v1: [a]", "gateway.services.ranker.backends.v1", "a list is not an address")]
    [InlineData("'v 1': http://127.0.0.1:8091/", "gateway.services.ranker.backends.v 1", "version name 'v 1' is not a plain path segment")]
    public void Load_BadBackend_Reported(string backend, string field, string problem)
    {
        var yaml = $"gateway:\n  services:\n    ranker:\n      backends:\n        {backend}\n      production: v1\n";

        var errors = Load(yaml).Errors;

        Assert.Contains(errors, e => e.Field == field && e.Problem == problem);
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData(", redact: []", new string[0])]
    [InlineData(", redact: [key, user_id, Email]", new[] { "key", "user_id", "Email" })]
    [InlineData(", redact: [X-Warden-Key, customer.email]", new[] { "X-Warden-Key", "customer.email" })]
    public void Load_Redact_NamesAsWritten(string redact, string[] names)
    {
        var yaml = "gateway:\n  telemetry: { ring_minutes: 5" + redact + " }\n  services:\n    r: { backends: { v1: http://h/ }, production: v1 }\n";

        var result = Load(yaml);

        Assert.Empty(result.Errors);
        Assert.Equal(names, result.Options!.Telemetry.Redact);
    }

    [Theory]
    [InlineData("redact: user_id", "gateway.telemetry.redact", "'user_id' is not a list")]
    [InlineData("redact: [user_id, 'e mail']", "gateway.telemetry.redact[1]", "'e mail' is not a field name")]
    [InlineData("redact: [user_id, '']", "gateway.telemetry.redact[1]", "'' is not a single value")]
    public void Load_BadRedact_ErrorAtTheEntry(string telemetry, string field, string problem)
    {
        var yaml = "gateway:\n  telemetry: { " + telemetry + " }\n  services:\n    r: { backends: { v1: http://h/ }, production: v1 }\n";

        var error = Assert.Single(Load(yaml).Errors);

        Assert.Equal((field, problem), (error.Field, error.Problem));
    }

    [Fact]
    public void Load_DuplicateAndReservedServices_Reported()
    {
        var yaml = """
            gateway:
              services:
                ranker: { backends: { v1: http://127.0.0.1:1/ }, production: v1 }
                metrics: { backends: { v1: http://127.0.0.1:1/ }, production: v1 }
                ranker: { backends: { v1: http://127.0.0.1:2/ }, production: v1 }
                ../x: { backends: { v1: http://127.0.0.1:1/ }, production: v1 }
            """;

        var errors = Load(yaml).Errors.Select(e => e.ToString()).ToArray();

        Assert.Equal(
            [
                "warden.yaml:4:5: gateway.services.metrics: 'metrics' is reserved: the gateway answers /metrics itself; expected a service name other than admin, healthz, metrics, readyz",
                "warden.yaml:5:5: gateway.services.ranker: duplicate service 'ranker' (first given on line 3); expected each service once; delete or rename one of them",
                "warden.yaml:6:5: gateway.services.../x: service name '../x' is not a plain path segment; expected a service name of letters, digits, '.', '_' and '-', not starting with '.'",
            ],
            errors);
    }

    [Theory]
    [InlineData("", "warden.yaml:1:1: gateway: missing required key 'gateway'; expected a gateway: section with at least gateway.services (see docs/gateway.md)")]
    [InlineData("policy:\n  quorum: 4\n", "warden.yaml:1:1: gateway: missing required key 'gateway'; expected a gateway: section with at least gateway.services (see docs/gateway.md)")]
    [InlineData("gateway:\n  sticky_header: X-Key\n", "warden.yaml:1:1: gateway.services: missing required key 'services'; expected a mapping of service names to { backends, production, shadow, canary, paths }, e.g. ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }")]
    [InlineData("gateway:\n  services: {}\n", "warden.yaml:2:13: gateway.services: no services are declared; expected a mapping of service names to { backends, production, shadow, canary, paths }, e.g. ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }")]
    [InlineData("gateway:\n  services:\n    ranker: { production: v1 }\n", "warden.yaml:3:13: gateway.services.ranker.backends: missing required key 'backends'; expected a mapping of version names to base addresses, e.g. { v1: http://127.0.0.1:8091/, v2: http://127.0.0.1:8092/ }")]
    [InlineData("gateway:\n  services:\n    ranker: { backends: { v1: http://h/ } }\n", "warden.yaml:3:13: gateway.services.ranker.production: missing required key 'production'; expected one of the service's backends: v1")]
    [InlineData("gatewy:\n  services: {}\n", "warden.yaml:1:1: gatewy: unknown key 'gatewy'; did you mean 'gateway'?; expected one of gateway")]
    [InlineData("gateway:\n  timeout: { connect_ms: 5 }\n  services:\n    r: { backends: { v1: http://h/ }, production: v1 }\n", "warden.yaml:2:3: gateway.timeout: unknown key 'timeout'; did you mean 'timeouts'?; expected one of sticky_header, max_body_bytes, forwarder, timeouts, shadow, health, admin, tls, telemetry, services")]
    public void Load_MissingOrMisspeltSection_Reported(string yaml, string error)
    {
        Assert.Contains(error, Load(yaml).Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("max_body_bytes: 0", "gateway.max_body_bytes", "0 is out of range", "a whole number from 1 to 1073741824 (default 10485760)")]
    [InlineData("timeouts: { connect_ms: 0 }", "gateway.timeouts.connect_ms", "0 is out of range", "a whole number from 1 to 600000 (default 2000)")]
    [InlineData("timeouts: { request_ms: fast }", "gateway.timeouts.request_ms", "'fast' is not a whole number", "a whole number from 1 to 3600000 (default 10000)")]
    [InlineData("shadow: { max_concurrency: 0 }", "gateway.shadow.max_concurrency", "0 is out of range", "a whole number from 1 to 100000 (default 64)")]
    [InlineData("health: { interval_ms: 50 }", "gateway.health.interval_ms", "50 is out of range", "a whole number from 100 to 3600000 (default 2000)")]
    [InlineData("health: { path: v2/health/ready }", "gateway.health.path", "'v2/health/ready' is not an absolute path without query", "an absolute path starting with /, such as /v2/health/ready (default /v2/health/ready)")]
    [InlineData("telemetry: { sample_rate: 1.5 }", "gateway.telemetry.sample_rate", "1.5 is out of range", "a number from 0 to 1 (default 1)")]
    [InlineData("sticky_header: 'X Key'", "gateway.sticky_header", "'X Key' has ' ', which a header name cannot hold", "an HTTP header name such as X-Warden-Key (letters, digits and - only)")]
    public void Load_ValueOutOfRange_Reported(string line, string field, string problem, string expected)
    {
        var yaml = $"gateway:\n  {line}\n  services:\n    r: {{ backends: {{ v1: http://h/ }}, production: v1 }}\n";

        var error = Assert.Single(Load(yaml).Errors);

        Assert.Equal((field, problem, expected), (error.Field, error.Problem, error.Expected));
    }

    [Fact]
    public void Load_ManyErrors_AllInFileOrder()
    {
        var yaml = """
            gateway:
              max_body_bytes: -5
              services:
                ranker:
                  backends: { v1: http://127.0.0.1:8091/, v2: gopher://x/ }
                  production: v7
                  canary: { version: v2, weight: 150 }
            """;

        var lines = Load(yaml).Errors.Select(e => $"{e.Line}:{e.Column} {e.Field}").ToArray();

        Assert.Equal(
            [
                "2:19 gateway.max_body_bytes",
                "5:51 gateway.services.ranker.backends.v2",
                "6:19 gateway.services.ranker.production",
                "7:38 gateway.services.ranker.canary.weight",
            ],
            lines);
    }

    [Fact]
    public void Schema_ServiceAndCanaryDefinitions_MatchLoaderShapes()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "warden.schema.json")));
        var defs = schema.RootElement.GetProperty("$defs");

        Assert.Equal(GatewayConfigLoader.ServiceKeys, defs.GetProperty("gatewayService").GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(GatewayConfigLoader.CanaryKeys, defs.GetProperty("gatewayCanary").GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var reserved = schema.RootElement.GetProperty("properties").GetProperty("gateway").GetProperty("properties").GetProperty("services")
            .GetProperty("propertyNames").GetProperty("not").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        Assert.Equal(GatewayConfigLoader.ReservedNames.Order(), reserved.Order());
    }

    private static GatewayLoadResult Load(string yaml, string? folder = null) =>
        GatewayConfigLoader.Load(new StringReader(yaml), "warden.yaml", folder);

    private static GatewayOptions LoadOk(string yaml)
    {
        var result = Load(yaml);
        Assert.Empty(result.Errors);
        return result.Options!;
    }
}
