using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.SqlServer
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
                    ApiKeyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AppId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
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
                    ApiKeyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Field = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Value = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
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
                INSERT INTO [api_key_apps] ([ApiKeyId], [AppId], [OrganizationId])
                SELECT k.[Id], JSON_VALUE(b.[value], '$.appId'), k.[OrganizationId] FROM [api_keys] k CROSS APPLY OPENJSON(k.[AppRoles]) b
                UNION SELECT k.[Id], a.[value], k.[OrganizationId] FROM [api_keys] k CROSS APPLY OPENJSON(k.[LimitedToApps]) a
                UNION SELECT [Id], [ProjectId], [OrganizationId] FROM [api_keys] WHERE [ProjectId] IS NOT NULL;
                """);
            migrationBuilder.Sql("""
                INSERT INTO [api_key_meta] ([ApiKeyId], [Field], [OrganizationId], [Value])
                SELECT k.[Id], m.[key], k.[OrganizationId], m.[value] FROM [api_keys] k CROSS APPLY OPENJSON(k.[Meta]) m
                WHERE k.[Meta] IS NOT NULL AND m.[type] = 1 AND CHARINDEX(NCHAR(0), m.[value]) = 0
                  AND DATALENGTH(CONVERT(varchar(max), m.[key] COLLATE Latin1_General_100_CI_AS_SC_UTF8)) BETWEEN 1 AND 64
                  AND DATALENGTH(CONVERT(varchar(max), m.[value] COLLATE Latin1_General_100_CI_AS_SC_UTF8)) <= 200;
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
