using System.Data.Common;
using ApiKeys.Infrastructure.Configuration;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>An unknown provider, a missing or unparsable connection string stop the service at start.</summary>
public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new SettingsFailures();
        var provider = DatabaseProvider.Normalize(options.Provider);
        if (provider is null)
        {
            failures.Add(SettingName.Of(DatabaseOptions.Section, nameof(DatabaseOptions.Provider)), $"'{options.Provider}' is not supported; use sqlite, postgres or sqlserver.");
            return failures.Result();
        }

        var connectionString = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider != DatabaseProvider.Sqlite)
            {
                failures.Add(DatabaseOptions.ConnectionStringSetting, $"is required for the {provider} provider.");
            }

            return failures.Result();
        }

        try
        {
            // Parsing only: an unknown keyword or a malformed pair is reported now, not at the first request.
            DbConnectionStringBuilder builder = provider switch
            {
                DatabaseProvider.Postgres => new NpgsqlConnectionStringBuilder(connectionString),
                DatabaseProvider.SqlServer => new SqlConnectionStringBuilder(connectionString),
                _ => new SqliteConnectionStringBuilder(connectionString),
            };
            _ = builder.Count;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            // The parser's message names the keyword, never a value (a password stays out of the log).
            failures.Add(DatabaseOptions.ConnectionStringSetting, $"is not a valid {provider} connection string ({exception.GetType().Name}: {FirstLine(exception.Message)}).");
        }

        return failures.Result();
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
