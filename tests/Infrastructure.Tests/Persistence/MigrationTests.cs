using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ApiKeys.Infrastructure.Tests.Persistence;

/// <summary>
/// Each provider's generated migrations match the model: a model change without a migration fails here. SQL Server
/// cannot run on this machine, so its migrations are checked as the SQL script `dotnet ef migrations script` makes.
/// </summary>
public sealed class MigrationTests
{
    private const string ScriptFile = "Persistence/sqlserver-migrations.sql";

    public static TheoryData<string> Providers() => ["sqlite", "postgres", "sqlserver"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Migrations_CoverTheModel(string provider)
    {
        using var context = Create(provider);
        context.Database.HasPendingModelChanges().Should().BeFalse($"the {provider} migrations must be regenerated with dotnet ef after a model change");
        context.Database.GetMigrations().Should().NotBeEmpty();
    }

    [Fact]
    public void SqlServerScript_MatchesTheGeneratedMigrations()
    {
        using var context = Create("sqlserver");
        var generated = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var checkedIn = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, ScriptFile));
        Normalize(generated).Should().Be(Normalize(checkedIn),
            "regenerate it: dotnet ef migrations script --context SqlServerAppDbContext --idempotent --project src/Infrastructure --startup-project src/Infrastructure -o tests/Infrastructure.Tests/" + ScriptFile);
    }

    private static string Normalize(string sql) => sql.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    // No connection is opened: the model, the migrations and the SQL generator are all that is used.
    private static AppDbContext Create(string provider) => provider switch
    {
        "sqlite" => new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options),
        "postgres" => new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost").Options),
        _ => new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=localhost;TrustServerCertificate=true").Options),
    };
}
