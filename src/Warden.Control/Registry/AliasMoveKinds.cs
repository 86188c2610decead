namespace Warden.Registry;

/// <summary>Kinds of alias moves, as <c>registry history</c> shows them.</summary>
internal static class AliasMoveKinds
{
    /// <summary>Any alias other than production, moved by hand.</summary>
    public const string Move = "move";

    /// <summary>production moved on a recorded GO verdict.</summary>
    public const string Promote = "promote";

    /// <summary>production moved without a GO verdict, with a reason.</summary>
    public const string Override = "override";

    /// <summary>previous moved automatically to the version production left.</summary>
    public const string Previous = "previous";
}
