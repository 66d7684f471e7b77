using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.Sqlite
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
                    ApiKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
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

            // The keys made before this migration. SQLite's lower() folds ASCII letters only: a name with other
            // capitals is found by its lowered ASCII until it is next renamed (the service lowers by Unicode).
            migrationBuilder.Sql("""INSERT INTO api_key_search ("ApiKeyId", "OrganizationId", "Name", "Prefix") SELECT "Id", "OrganizationId", lower("Name"), lower("KeyPrefix") FROM api_keys;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_key_search");
        }
    }
}
