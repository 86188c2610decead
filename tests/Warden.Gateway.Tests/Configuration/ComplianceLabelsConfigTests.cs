using Warden.Gateway.Configuration;
using Warden.Tests.Support;

namespace Warden.Gateway.Tests.Configuration;

/// <summary><c>gateway.services.NAME.compliance_labels</c>: the file is read whole at load, and every problem names where it is.</summary>
public sealed class ComplianceLabelsConfigTests : IDisposable
{
    private const string Expected =
        "a TREC qrels file of compliance labels, one 'QUERY 0 ITEM LABEL' per line with LABEL 1 (compliant) or 0 (not), " +
        "QUERY the request's query text or * for every query; a path relative to warden.yaml's folder or absolute";

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_RelativeLabelFile_ResolvedAgainstTheConfigFolderAndRead()
    {
        Directory.CreateDirectory(_folder.File("data"));
        File.WriteAllText(_folder.File("data/labels.qrels"), "# item-level labels\n* 0 item-001 1\n* 0 item-002 0\nred-shoes 0 item-001 0\n");

        var result = Load("compliance_labels: data/labels.qrels");

        Assert.Empty(result.Errors);
        var labels = result.Options!.Services[0].ComplianceLabels!;
        Assert.Equal((_folder.File("data/labels.qrels"), 3), (labels.Path, labels.Count));
        Assert.Equal(true, labels.IsCompliant("anything", "item-001"));
        Assert.Equal(false, labels.IsCompliant("red-shoes", "item-001"));
    }

    [Fact]
    public void Load_NoLabelKey_ServiceNotJudged()
    {
        var result = Load(null);

        Assert.Empty(result.Errors);
        Assert.Null(result.Options!.Services[0].ComplianceLabels);
    }

    [Fact]
    public void Load_MissingFile_ErrorAtTheKeyWithTheResolvedPath()
    {
        var result = Load("compliance_labels: nowhere.qrels");

        Assert.Equal(
            $"warden.yaml:6:26: gateway.services.ranker.compliance_labels: the label file {_folder.File("nowhere.qrels")} does not exist; expected an existing file: create it or fix the path ({Expected})",
            Assert.Single(result.Errors).ToString());
        Assert.Null(result.Options);
    }

    [Fact]
    public void Load_BadLines_EachNamedWithFileLineAndColumn()
    {
        File.WriteAllText(_folder.File("labels.qrels"), "* 0 item-001 1\n* 0 item-002 yes\n* 0 item-003\n* 0 item-001 0\n");
        var file = _folder.File("labels.qrels");

        var result = Load("compliance_labels: labels.qrels");

        Assert.Equal(
            [
                "warden.yaml:6:26: gateway.services.ranker.compliance_labels: FILE line 2, column 14: compliance label 'yes' is not 0 or 1; expected 0 (not compliant) or 1 (compliant); fix or delete the line",
                "warden.yaml:6:26: gateway.services.ranker.compliance_labels: FILE line 3, column 13: line has 3 fields; expected 4 whitespace-separated fields: qid iter docid label; fix or delete the line",
                "warden.yaml:6:26: gateway.services.ranker.compliance_labels: FILE line 4, column 5: duplicate judgment of document 'item-001' for query '*' (first seen at line 1); expected each (qid, docid) pair at most once; trec_eval refuses qrels with duplicates; fix or delete the line",
            ],
            result.Errors.Select(e => e.ToString().Replace(file, "FILE", StringComparison.Ordinal)));
        Assert.Null(result.Options);
    }

    [Fact]
    public void Load_EmptyFile_ErrorAtTheKey()
    {
        File.WriteAllText(_folder.File("empty.qrels"), string.Empty);

        var error = Assert.Single(Load("compliance_labels: empty.qrels").Errors).ToString();

        Assert.StartsWith($"warden.yaml:6:26: gateway.services.ranker.compliance_labels: {_folder.File("empty.qrels")} line ", error);
    }

    [Fact]
    public void Load_KeyTypo_UnknownKeyWithTheClosestOne()
    {
        File.WriteAllText(_folder.File("labels.qrels"), "* 0 item-001 1\n");

        var error = Assert.Single(Load("compliance_label: labels.qrels").Errors).ToString();

        Assert.StartsWith("warden.yaml:6:7: gateway.services.ranker.compliance_label: unknown key", error);
        Assert.Contains("compliance_labels", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SampleConfig_RankerJudgedAgainstTheCatalogLabels()
    {
        // The gateway section alone (the policy and rollout sections belong to other loaders).
        var text = File.ReadAllText(RepoPaths.Sample("warden.yaml"));
        var gateway = text[text.IndexOf("\ngateway:", StringComparison.Ordinal)..text.IndexOf("\nrollout:", StringComparison.Ordinal)];
        var result = GatewayConfigLoader.Load(new StringReader(gateway), "warden.yaml", Path.GetDirectoryName(RepoPaths.Sample("warden.yaml")));

        Assert.Empty(result.Errors);
        var labels = result.Options!.Services.Single(s => s.Name == "ranker").ComplianceLabels!;
        Assert.Equal(500, labels.Count);
        Assert.Equal((true, false, true), (labels.IsCompliant("red shoes", "item-001"), labels.IsCompliant(null, "item-003"), labels.IsCompliant(null, "item-500")));
    }

    private GatewayLoadResult Load(string? line)
    {
        var yaml = "gateway:\n  services:\n    ranker:\n      backends: { v1: http://127.0.0.1:8091/ }\n      production: v1\n" + (line is null ? string.Empty : "      " + line + "\n");
        return GatewayConfigLoader.Load(new StringReader(yaml), "warden.yaml", _folder.Path);
    }
}
