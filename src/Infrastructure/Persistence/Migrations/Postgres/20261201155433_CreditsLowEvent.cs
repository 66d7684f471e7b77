using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CreditsLowEvent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CreditsGranted",
                table: "api_keys",
                type: "bigint",
                nullable: true);

            // Keys that already have credits measure "low" against what they have now.
            migrationBuilder.Sql(@"UPDATE ""api_keys"" SET ""CreditsGranted"" = ""CreditsRemaining"" WHERE ""CreditsRemaining"" IS NOT NULL;");

            migrationBuilder.CreateTable(
                name: "credit_notices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApiKeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    GrantedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credit_notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_credit_notices_api_keys_ApiKeyId",
                        column: x => x.ApiKeyId,
                        principalTable: "api_keys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_credit_notices_ApiKeyId_GrantedAt",
                table: "credit_notices",
                columns: new[] { "ApiKeyId", "GrantedAt" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_notices");

            migrationBuilder.DropColumn(
                name: "CreditsGranted",
                table: "api_keys");
        }
    }
}
