using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Warden.Storage.Sqlite.Tests;

/// <summary>Raw SQL on a store's file, below Warden's own code: building an old schema, reading back what was written.</summary>
internal static class RawDatabase
{
    /// <summary>Runs <paramref name="sql"/> (several statements allowed) on an open connection.</summary>
    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row of <paramref name="sql"/> on <paramref name="path"/>, opened read-only, as text.</summary>
    public static string? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
