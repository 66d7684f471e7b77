using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KeyIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_key_apps",
                columns: table => new
                {
                    ApiKeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    AppId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_key_apps", x => new { x.ApiKeyId, x.AppId });
                    table.ForeignKey(
                        name: "FK_api_key_apps_api_keys_ApiKeyId",
                        column: x => x.ApiKeyId,
                        principalTable: "api_keys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "api_key_meta",
                columns: table => new
                {
                    ApiKeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Field = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_key_meta", x => new { x.ApiKeyId, x.Field });
                    table.ForeignKey(
                        name: "FK_api_key_meta_api_keys_ApiKeyId",
                        column: x => x.ApiKeyId,
                        principalTable: "api_keys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_OrganizationId_CreatedByKeyId_CreatedAt",
                table: "api_keys",
                columns: new[] { "OrganizationId", "CreatedByKeyId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_OrganizationId_CreatedByUserId_CreatedAt",
                table: "api_keys",
                columns: new[] { "OrganizationId", "CreatedByUserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_OrganizationId_ExpiresAt",
                table: "api_keys",
                columns: new[] { "OrganizationId", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_OrganizationId_LastUsedAt_Id",
                table: "api_keys",
                columns: new[] { "OrganizationId", "LastUsedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_OrganizationId_Name_Id",
                table: "api_keys",
                columns: new[] { "OrganizationId", "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_OrganizationId_OrgRole_CreatedAt",
                table: "api_keys",
                columns: new[] { "OrganizationId", "OrgRole", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_api_key_apps_OrganizationId_AppId_ApiKeyId",
                table: "api_key_apps",
                columns: new[] { "OrganizationId", "AppId", "ApiKeyId" });

            migrationBuilder.CreateIndex(
                name: "IX_api_key_meta_OrganizationId_Field_Value_ApiKeyId",
                table: "api_key_meta",
                columns: new[] { "OrganizationId", "Field", "Value", "ApiKeyId" });

            // Existing keys' bindings and meta fields, out of their JSON columns (the same rows KeyIndexWriter writes).
            migrationBuilder.Sql("""
                INSERT INTO "api_key_apps" ("ApiKeyId", "AppId", "OrganizationId")
                SELECT k."Id", b ->> 'appId', k."OrganizationId" FROM "api_keys" k CROSS JOIN LATERAL json_array_elements(k."AppRoles"::json) b
                UNION SELECT k."Id", a, k."OrganizationId" FROM "api_keys" k CROSS JOIN LATERAL json_array_elements_text(k."LimitedToApps"::json) a
                UNION SELECT "Id", "ProjectId", "OrganizationId" FROM "api_keys" WHERE "ProjectId" IS NOT NULL;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "api_key_meta" ("ApiKeyId", "Field", "OrganizationId", "Value")
                SELECT k."Id", m.key, k."OrganizationId", m.value #>> '{}' FROM "api_keys" k CROSS JOIN LATERAL json_each(k."Meta"::json) m
                WHERE k."Meta" IS NOT NULL AND json_typeof(m.value) = 'string' AND strpos(m.value::text, '\u0000') = 0
                  AND octet_length(m.key) BETWEEN 1 AND 64 AND octet_length(m.value #>> '{}') <= 200;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_key_apps");

            migrationBuilder.DropTable(
                name: "api_key_meta");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_OrganizationId_CreatedByKeyId_CreatedAt",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_OrganizationId_CreatedByUserId_CreatedAt",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_OrganizationId_ExpiresAt",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_OrganizationId_LastUsedAt_Id",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_OrganizationId_Name_Id",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_OrganizationId_OrgRole_CreatedAt",
                table: "api_keys");
        }
    }
}
