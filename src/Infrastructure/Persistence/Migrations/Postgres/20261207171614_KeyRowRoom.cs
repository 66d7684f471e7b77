using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KeyRowRoom : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Room for heap-only row versions (PostgresAppDbContext). Pages already written stay packed until the
            // table is rewritten (VACUUM FULL api_keys at a quiet time; README "Keys at scale").
            migrationBuilder.AlterTable(
                name: "api_keys")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "api_keys")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);
        }
    }
}
