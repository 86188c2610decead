using System.Globalization;
using Microsoft.Data.Sqlite;
using Warden.Audit;

namespace Warden.Storage.Sqlite;

/// <summary>Column conversions the registry repositories share: times in the audit log's fixed-width UTC text, nulls both ways.</summary>
internal static class SqliteValues
{
    public static string Time(DateTimeOffset time) => AuditHash.FormatTime(time);

    public static DateTimeOffset Time(SqliteDataReader reader, int ordinal) => ParseTime(reader.GetString(ordinal));

    public static DateTimeOffset? TimeOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ParseTime(reader.GetString(ordinal));

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, AuditHash.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static object Db(object? value) => value ?? DBNull.Value;

    public static void Add(SqliteCommand command, string name, object? value) => command.Parameters.AddWithValue(name, Db(value));
}
