namespace Warden.Access;

/// <summary>A token request that cannot be done as asked (duplicate name, unknown token, already revoked); nothing was written.</summary>
internal sealed class TokenRefusal(string message) : Exception(message);
