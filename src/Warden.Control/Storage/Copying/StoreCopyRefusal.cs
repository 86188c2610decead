namespace Warden.Storage.Copying;

/// <summary>A copy that was not done, and why (a non-empty target, tables that differ); nothing was written.</summary>
internal sealed class StoreCopyRefusal(string message) : Exception(message)
{
}
