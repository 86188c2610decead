namespace Warden.Gateway.Shadow;

/// <summary>
/// Bounds the mirrors in flight. <see cref="TryEnter"/> never waits: when the gate is full the
/// mirror is dropped, because waiting would make production wait for the shadow.
/// </summary>
internal sealed class ShadowGate(int capacity)
{
    private int _inFlight;

    /// <summary>Mirrors in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes a slot, or returns false at once when all are taken.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) <= capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    /// <summary>Gives a slot back.</summary>
    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
