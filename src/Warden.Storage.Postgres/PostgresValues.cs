using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Warden.Audit;

namespace Warden.Storage.Postgres;

/// <summary>
/// Column conversions the repositories share: times in the audit log's fixed-width UTC text (as the
/// SQLite store writes them), and parameters typed explicitly, so that a NULL is a typed NULL
/// (<c>@model IS NULL</c> needs a type PostgreSQL cannot infer from a bare NULL).
/// </summary>
internal static class PostgresValues
{
    public static string Time(DateTimeOffset time) => AuditHash.FormatTime(time);

    public static DateTimeOffset Time(NpgsqlDataReader reader, int ordinal) => ParseTime(reader.GetString(ordinal));

    public static DateTimeOffset? TimeOrNull(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ParseTime(reader.GetString(ordinal));

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, AuditHash.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A BIGINT column read as an <see cref="int"/> (steps, exit codes), checked.</summary>
    public static int Int(NpgsqlDataReader reader, int ordinal) => checked((int)reader.GetInt64(ordinal));

    public static void Add(NpgsqlCommand command, string name, string? value) => Add(command, name, NpgsqlDbType.Text, value);

    public static void Add(NpgsqlCommand command, string name, long? value) => Add(command, name, NpgsqlDbType.Bigint, value);

    public static void Add(NpgsqlCommand command, string name, double? value) => Add(command, name, NpgsqlDbType.Double, value);

    public static void Add(NpgsqlCommand command, string name, bool value) => Add(command, name, NpgsqlDbType.Bigint, value ? 1L : 0L);

    /// <summary>An <c>integer</c> (int4) parameter, for functions that take one (the advisory lock's two keys).</summary>
    public static void AddInt32(NpgsqlCommand command, string name, int value) => Add(command, name, NpgsqlDbType.Integer, value);

    public static void Add(NpgsqlCommand command, string name, byte[] value) => Add(command, name, NpgsqlDbType.Bytea, value);

    private static void Add(NpgsqlCommand command, string name, NpgsqlDbType type, object? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
}
