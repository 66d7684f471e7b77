using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_key_search",
                columns: table => new
                {
                    ApiKeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_key_search", x => x.ApiKeyId);
                    table.ForeignKey(
                        name: "FK_api_key_search_api_keys_ApiKeyId",
                        column: x => x.ApiKeyId,
                        principalTable: "api_keys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_key_search_OrganizationId",
                table: "api_key_search",
                column: "OrganizationId");

            // The keys made before this migration, lowered as the service lowers them (PostgreSQL's lower() follows
            // Unicode as .NET's invariant lowering does for names).
            migrationBuilder.Sql("""INSERT INTO api_key_search ("ApiKeyId", "OrganizationId", "Name", "Prefix") SELECT "Id", "OrganizationId", lower("Name"), lower("KeyPrefix") FROM api_keys;""");

            // The search indexes move from the key to its search row: an update of thousands of keys' roles no longer
            // writes two GIN entries per key. Trigram indexes are not in EF Core's model, so they are written by hand.
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_api_keys_prefix_trgm\";");
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_api_keys_name_trgm\";");
            migrationBuilder.Sql("CREATE INDEX \"IX_api_key_search_name_trgm\" ON api_key_search USING gin (\"Name\" gin_trgm_ops);");
            migrationBuilder.Sql("CREATE INDEX \"IX_api_key_search_prefix_trgm\" ON api_key_search USING gin (\"Prefix\" gin_trgm_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX \"IX_api_keys_name_trgm\" ON api_keys USING gin (lower(\"Name\") gin_trgm_ops);");
            migrationBuilder.Sql("CREATE INDEX \"IX_api_keys_prefix_trgm\" ON api_keys USING gin (lower(\"KeyPrefix\") gin_trgm_ops);");
            migrationBuilder.DropTable(
                name: "api_key_search");
        }
    }
}
