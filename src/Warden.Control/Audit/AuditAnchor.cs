using System.Globalization;
using System.Text.RegularExpressions;

namespace Warden.Audit;

/// <summary>
/// A head written down outside Warden (ticket, commit, chat) as <c>evt-N:HASH</c>. Verifying
/// against it later catches what the chain alone cannot: a log rewritten from scratch, head included.
/// </summary>
internal static partial class AuditAnchor
{
    /// <summary>The anchor text for <paramref name="head"/>.</summary>
    public static string Format(AuditHead head) => $"{AuditIds.Format(head.Sequence)}:{head.Hash}";

    /// <summary>Parses <c>evt-N:HASH</c> (or <c>N:HASH</c>); HASH is 64 hex digits.</summary>
    public static bool TryParse(string text, out AuditHead anchor)
    {
        var match = Pattern().Match(text.Trim());
        if (match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0)
        {
            anchor = new AuditHead(sequence, match.Groups[2].Value.ToLowerInvariant());
            return true;
        }

        anchor = new AuditHead(0, string.Empty);
        return false;
    }

    [GeneratedRegex("^(?:evt-)?([0-9]{1,18}):([0-9a-fA-F]{64})$")]
    private static partial Regex Pattern();
}
