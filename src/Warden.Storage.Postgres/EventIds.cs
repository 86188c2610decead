namespace Warden.Storage.Postgres;

/// <summary>
/// Every log event id of the PostgreSQL store, 3000–3099 (the gateway owns 1000–1999, Control
/// 2000–2999, the executable 4000–4999), so an id found in a log tells where it came from and is
/// never reused.
/// </summary>
internal static class EventIds
{
    // Audit notifications 3000–3009
    public const int AuditListening = 3000;
    public const int AuditListenFailed = 3001;
}
