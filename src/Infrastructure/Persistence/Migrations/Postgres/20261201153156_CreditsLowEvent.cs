using System;
using Microsoft.EntityFrameworkCore.Migrations;

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

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CreditsLowAt",
                table: "api_keys",
                type: "timestamp with time zone",
                nullable: true);

            // Keys that already have credits measure "low" against what they have now.
            migrationBuilder.Sql(@"UPDATE ""api_keys"" SET ""CreditsGranted"" = ""CreditsRemaining"" WHERE ""CreditsRemaining"" IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreditsGranted",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "CreditsLowAt",
                table: "api_keys");
        }
    }
}
