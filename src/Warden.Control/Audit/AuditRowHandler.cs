namespace Warden.Audit;

/// <summary>Receives one stored event during <see cref="IAuditLog.Scan"/>; returns false to stop the scan.</summary>
internal delegate bool AuditRowHandler(in AuditRow row);
