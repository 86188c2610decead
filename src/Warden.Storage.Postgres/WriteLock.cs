using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Warden.Storage.Postgres;

/// <summary>
/// The advisory lock that makes one writer at a time per store, across every process on the database.
/// </summary>
/// <remarks>
/// Every write transaction takes it first (<c>pg_advisory_xact_lock</c>, released at commit or
/// rollback): the same semantics as SQLite's <c>BEGIN IMMEDIATE</c>. The audit log is one hash
/// chain: an append reads the head and writes head + 1 chained to its hash, so two appends must
/// never read the same head. A sequence would hand out distinct numbers, but two writers would
/// still both chain to the old head's hash and fork the chain; row locks on the head would let the
/// first append of a transaction race the head's creation. One lock per store, taken before
/// anything is read, has neither problem, and is also what makes "read, decide, write" in the lease
/// and rollout repositories safe. Schema steps take the same lock, so no write lands halfway
/// through one. The key is (<c>'WRD1'</c>, a hash of the schema name): two stores in one database
/// (two schemas) do not wait for each other.
/// </remarks>
internal readonly record struct WriteLock(int Space, int Key)
{
    // 'WRD1', the SQLite store's application id: Warden's advisory locks are told apart from others' by it.
    private const int WardenSpace = 0x57524431;

    /// <summary>The lock of the store in <paramref name="schema"/>.</summary>
    public static WriteLock For(string schema) =>
        new(WardenSpace, BinaryPrimitives.ReadInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(schema))));
}
