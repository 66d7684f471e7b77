using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ApiKeys.Infrastructure.Persistence;

// Used only by `dotnet ef` to generate each provider's migrations; the connection strings are never opened.
// After a model change, from the repository root (`dotnet tool restore` once), for each of Sqlite, Postgres, SqlServer:
//   dotnet ef migrations add <Name> --context <P>AppDbContext --output-dir Persistence/Migrations/<P> --project src/Infrastructure --startup-project src/Infrastructure
// then refresh the checked SQL Server script (MigrationTests compares it):
//   dotnet ef migrations script --context SqlServerAppDbContext --idempotent --project src/Infrastructure --startup-project src/Infrastructure -o tests/Infrastructure.Tests/Persistence/sqlserver-migrations.sql
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=localhost;Database=design;TrustServerCertificate=true").Options);
}
