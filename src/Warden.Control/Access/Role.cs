namespace Warden.Access;

/// <summary>What a token may do (docs/roles.md). Which role includes which is <see cref="Roles.Permits"/>'s table.</summary>
internal enum Role
{
    /// <summary>Read everything: registry, rollouts, audit log, reports.</summary>
    Viewer,

    /// <summary>Run things: rollouts, drills, routes, heartbeat cycles.</summary>
    Operator,

    /// <summary>Decide things: approvals, overrides, production promotions.</summary>
    Approver,

    /// <summary>Manage tokens; may do everything the other roles may.</summary>
    Admin,
}
