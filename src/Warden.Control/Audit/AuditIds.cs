using System.Globalization;

namespace Warden.Audit;

/// <summary>Event ids as users see them: <c>evt-42</c>.</summary>
internal static class AuditIds
{
    /// <summary>The id of the event at <paramref name="sequence"/>.</summary>
    public static string Format(long sequence) => "evt-" + sequence.ToString(CultureInfo.InvariantCulture);
}
