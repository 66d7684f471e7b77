using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RevokedKeysIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_api_keys_revoked",
                table: "api_keys",
                columns: new[] { "OrganizationId", "CreatedAt", "Id" },
                filter: "\"RevokedAt\" IS NOT NULL");

            // search: the name anywhere and the prefix from its start, as the list query matches them (LIKE on
            // lower()). Expression indexes are not in EF Core's model, so they are written here by hand.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("CREATE INDEX \"IX_api_keys_name_trgm\" ON api_keys USING gin (lower(\"Name\") gin_trgm_ops);");
            migrationBuilder.Sql("CREATE INDEX \"IX_api_keys_prefix_trgm\" ON api_keys USING gin (lower(\"KeyPrefix\") gin_trgm_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_api_keys_prefix_trgm\";");
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_api_keys_name_trgm\";");
            migrationBuilder.DropIndex(
                name: "IX_api_keys_revoked",
                table: "api_keys");
        }
    }
}
