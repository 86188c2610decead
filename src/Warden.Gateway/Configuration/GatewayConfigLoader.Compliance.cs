using Warden.Core.Configuration;
using Warden.Core.Evidence;
using Warden.Core.Ranking;
using Warden.Gateway.Compliance;

namespace Warden.Gateway.Configuration;

/// <summary><c>gateway.services.NAME.compliance_labels</c>: the label file live compliance is judged against.</summary>
internal static partial class GatewayConfigLoader
{
    private const string ComplianceKey = "compliance_labels";

    private const string ComplianceExpected =
        "a TREC qrels file of compliance labels, one 'QUERY 0 ITEM LABEL' per line with LABEL 1 (compliant) or 0 (not), " +
        "QUERY the request's query text or * for every query; a path relative to warden.yaml's folder or absolute";

    // The whole file is read and checked at start, where a bad line can be fixed: a label file
    // that half loaded would judge live traffic against labels nobody meant.
    private static ComplianceLabels? ReadComplianceLabels(MappingReader m, string? baseDirectory)
    {
        var scalar = m.Text(ComplianceKey, ComplianceExpected);
        if (scalar is null)
        {
            return null;
        }

        if (scalar.Value.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || scalar.Value.EndsWith('/'))
        {
            m.Error(scalar, ComplianceKey, $"{scalar.Describe()} is not a file path", ComplianceExpected);
            return null;
        }

        var path = baseDirectory is null || Path.IsPathRooted(scalar.Value)
            ? Path.GetFullPath(scalar.Value)
            : Path.GetFullPath(Path.Combine(baseDirectory, scalar.Value));
        if (!File.Exists(path))
        {
            m.Error(scalar, ComplianceKey, $"the label file {path} does not exist", $"an existing file: create it or fix the path ({ComplianceExpected})");
            return null;
        }

        QrelsReadResult result;
        try
        {
            using var stream = File.OpenRead(path);
            result = QrelsReader.ReadCompliance(stream, path, ReadMode.Lenient);
        }
        catch (EvidenceFormatException ex)
        {
            // Only an empty or truncated file reaches here in lenient mode.
            m.Error(scalar, ComplianceKey, $"{Where(ex.Issue)}: {ex.Issue.Problem}", ex.Issue.Expected);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            m.Error(scalar, ComplianceKey, $"the label file {path} cannot be read: {ex.Message}", "a file the warden process may read");
            return null;
        }

        if (result.Issues.Count == 0)
        {
            return new ComplianceLabels(result.Qrels, path);
        }

        foreach (var issue in result.Issues.Examples)
        {
            m.Error(scalar, ComplianceKey, $"{Where(issue)}: {issue.Problem}", $"{issue.Expected}; fix or delete the line");
        }

        var unshown = result.Issues.Count - result.Issues.Examples.Count;
        if (unshown > 0)
        {
            m.Error(scalar, ComplianceKey, $"{path} has {unshown} more bad lines than shown", "every line 'QUERY 0 ITEM LABEL' with LABEL 0 or 1");
        }

        return null;
    }

    private static string Where(ParseIssue issue) => $"{issue.Source} line {issue.Line}, column {issue.Column}";
}
