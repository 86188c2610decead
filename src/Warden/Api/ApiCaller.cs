using Warden.Access;

namespace Warden.Api;

/// <summary>Who is calling: the token's name (the actor of every audit event the call writes, never the token), its role, and when the token expires (null: never).</summary>
internal sealed record ApiCaller(string Name, Role Role, DateTimeOffset? ExpiresAt = null);
