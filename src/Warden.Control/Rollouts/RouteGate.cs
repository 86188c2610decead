namespace Warden.Rollouts;

/// <summary>
/// One route change at a time per server, between the rollout controller and the live guard: the
/// guard stores a rollback and swaps the route inside the gate, and the controller reads the
/// stored state afresh inside it before it makes the route follow. Without it a controller look
/// that read a canary just before the guard's rollback could put the canary's route back until
/// its next look.
/// </summary>
internal sealed class RouteGate
{
    // Lives as long as the server; a SemaphoreSlim whose wait handle is never asked for holds no
    // unmanaged resource, so the gate needs no disposal.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the gate; dispose the result to leave it.</summary>
    public async ValueTask<Held> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Held(_gate);
    }

    /// <summary>The gate, held until disposed.</summary>
    internal readonly struct Held(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
