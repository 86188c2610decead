using Warden.Audit;
using Warden.Core.Cycle;

namespace Warden.Cycle;

/// <summary>One line of <c>warden cycle list</c>: a cycle's begin and, once it ended, its record.</summary>
internal sealed record CycleSummary(CycleBegin Begin, AuditEvent BeginEvent, CycleRecord? Record, AuditEvent? EndEvent);
