namespace Warden.Storage.Sqlite;

/// <summary>How one attested table is read: its key as text, how to find a row by key, its content columns in digest order.</summary>
/// <param name="Name">Table name.</param>
/// <param name="KeySql">SQL expression giving the row's key text.</param>
/// <param name="KeyWhere">SQL condition selecting the row whose key is <c>$key</c>.</param>
/// <param name="Columns">Content columns, in the order the digest takes them (docs/audit.md).</param>
/// <param name="Summary">Indexes into <paramref name="Columns"/> that say what a row is about, for messages.</param>
internal sealed record StateTable(string Name, string KeySql, string KeyWhere, IReadOnlyList<string> Columns, IReadOnlyList<int> Summary);
