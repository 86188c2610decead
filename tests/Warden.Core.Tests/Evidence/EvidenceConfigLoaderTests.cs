using Warden.Core.Configuration;
using Warden.Core.Evidence;

namespace Warden.Core.Tests.Evidence;

/// <summary>The <c>evidence:</c> section: defaults, every key read, and the exact message of each mistake at its position.</summary>
public sealed class EvidenceConfigLoaderTests
{
    [Theory]
    [InlineData("")]
    [InlineData("evidence:\n")]
    [InlineData("evidence: { source: gateway }\n")]
    public void Load_NoSourceOrGateway_ReadsTheGatewayWithoutServer(string yaml)
    {
        var options = LoadOk(yaml);

        Assert.Equal((EvidenceSource.Gateway, (PrometheusEvidenceOptions?)null), (options.Source, options.Prometheus));
    }

    [Fact]
    public void Load_EveryKey_ReadsEveryValue()
    {
        var options = LoadOk("""
            evidence:
              source: prometheus
              prometheus:
                url: http://127.0.0.1:9090/prom
                timeout_ms: 2500
                selector: 'job="warden", env=~"prod|canary",'
                refresh_ms: 1000
            """);

        Assert.Equal(EvidenceSource.Prometheus, options.Source);
        var p = options.Prometheus!;
        Assert.Equal(
            ("http://127.0.0.1:9090/prom", TimeSpan.FromMilliseconds(2500), "job=\"warden\", env=~\"prod|canary\"", TimeSpan.FromSeconds(1)),
            (p.Url.AbsoluteUri, p.Timeout, p.Selector, p.Refresh));
    }

    [Fact]
    public void Load_PrometheusDefaults_FiveSecondsEachAndNoSelector()
    {
        var p = LoadOk("evidence:\n  source: prometheus\n  prometheus: { url: 'http://prom:9090' }\n").Prometheus!;

        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), (string?)null), (p.Timeout, p.Refresh, p.Selector));
    }

    [Theory]
    [InlineData(
        "evidence:\n  source: prometheus\n",
        "warden.yaml:1:1: evidence.prometheus: missing required key 'prometheus'; expected a mapping with at least url: (the Prometheus server's root, an absolute http:// or https:// URL, e.g. http://127.0.0.1:9090), since source is prometheus")]
    [InlineData(
        "evidence:\n  source: prometheus\n  prometheus: { timeout_ms: 100 }\n",
        "warden.yaml:3:3: evidence.prometheus.url: missing required key 'url'; expected the Prometheus server's root, an absolute http:// or https:// URL, e.g. http://127.0.0.1:9090")]
    [InlineData(
        "evidence:\n  source: promethus\n",
        "warden.yaml:2:11: evidence.source: 'promethus' is not a valid value; did you mean 'prometheus'?; expected gateway or prometheus (default gateway)")]
    [InlineData(
        "evidence:\n  prometheus: { url: 'ftp://prom:9090' }\n",
        "warden.yaml:2:22: evidence.prometheus.url: 'ftp://prom:9090' is not an http:// or https:// URL; expected the Prometheus server's root, an absolute http:// or https:// URL, e.g. http://127.0.0.1:9090")]
    [InlineData(
        "evidence:\n  prometheus: { url: 'http://prom:9090', timeout_ms: 99 }\n",
        "warden.yaml:2:54: evidence.prometheus.timeout_ms: 99 is out of range; expected a whole number from 100 to 600000 (default 5000)")]
    [InlineData(
        "evidence:\n  prometheus: { url: 'http://prom:9090', selector: '{job=\"w\"}' }\n",
        "warden.yaml:2:52: evidence.prometheus.selector: '{job=\"w\"}' is written with its braces; expected the matchers without the braces: job=\"w\"")]
    [InlineData(
        "evidence:\n  prometheus: { url: 'http://prom:9090', selector: 'job=warden' }\n",
        "warden.yaml:2:52: evidence.prometheus.selector: 'job=warden' is not a list of label matchers; expected PromQL label matchers separated by commas, as written inside braces, e.g. job=\"warden\" or job=\"warden\",env=~\"prod|canary\"; not service, version, arm or le, which Warden sets itself")]
    [InlineData(
        "evidence:\n  prometheus: { url: 'http://prom:9090', selector: 'version=\"v1\"' }\n",
        "warden.yaml:2:52: evidence.prometheus.selector: 'version=\"v1\"' matches on 'version', which Warden sets per query; expected PromQL label matchers separated by commas, as written inside braces, e.g. job=\"warden\" or job=\"warden\",env=~\"prod|canary\"; not service, version, arm or le, which Warden sets itself")]
    [InlineData(
        "evidence:\n  prometheus: { ur: 'http://prom:9090' }\n",
        "warden.yaml:2:17: evidence.prometheus.ur: unknown key 'ur'; did you mean 'url'?; expected one of url, timeout_ms, selector, refresh_ms")]
    public void Load_Mistake_ExactMessageAtTheValue(string yaml, string error)
    {
        var file = Load(yaml);

        Assert.Contains(error, file.Errors.Select(e => e.ToString()));
    }

    private static ConfigFile Load(string yaml) =>
        ConfigFileLoader.Load(new StringReader(yaml), new ConfigContext("warden.yaml", null), [EvidenceConfigLoader.Section]);

    private static EvidenceOptions LoadOk(string yaml)
    {
        var file = Load(yaml);
        Assert.Empty(file.Errors);
        return file.Get<EvidenceOptions>(EvidenceConfigLoader.Section);
    }
}
