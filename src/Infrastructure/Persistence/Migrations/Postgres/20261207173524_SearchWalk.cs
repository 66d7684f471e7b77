using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchWalk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_api_key_search_OrganizationId",
                table: "api_key_search");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CreatedAt",
                table: "api_key_search",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Existing search rows take their key's creation time, before the index on it is built.
            migrationBuilder.Sql("""UPDATE api_key_search AS s SET "CreatedAt" = k."CreatedAt" FROM api_keys AS k WHERE k."Id" = s."ApiKeyId";""");

            migrationBuilder.CreateIndex(
                name: "IX_api_key_search_OrganizationId_CreatedAt_ApiKeyId_Name_Prefix",
                table: "api_key_search",
                columns: new[] { "OrganizationId", "CreatedAt", "ApiKeyId", "Name", "Prefix" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_api_key_search_OrganizationId_CreatedAt_ApiKeyId_Name_Prefix",
                table: "api_key_search");

            migrationBuilder.DropColumn(
                name: "CreatedAt",
                table: "api_key_search");

            migrationBuilder.CreateIndex(
                name: "IX_api_key_search_OrganizationId",
                table: "api_key_search",
                column: "OrganizationId");
        }
    }
}
