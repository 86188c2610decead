using Warden.Audit;
using Warden.Core.Cycle;

namespace Warden.Cycle;

/// <summary>What <c>warden cycle show ID</c> prints: the begin, each phase recorded so far, the end.</summary>
internal sealed record CycleDetail(
    CycleBegin Begin, AuditEvent BeginEvent, IReadOnlyList<(CyclePhaseResult Phase, AuditEvent Event)> Phases, int UnreadablePhases, CycleRecord? Record, AuditEvent? EndEvent);
