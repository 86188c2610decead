namespace Warden.Gateway.Health;

/// <summary>Whether a reported result changed a backend's status (so it is logged and counted once).</summary>
internal enum HealthTransition
{
    /// <summary>No change worth reporting.</summary>
    None,

    /// <summary>The backend went from down to up.</summary>
    MarkedUp,

    /// <summary>The backend went down.</summary>
    MarkedDown,
}
