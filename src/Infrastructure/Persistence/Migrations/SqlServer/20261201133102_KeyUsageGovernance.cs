using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class KeyUsageGovernance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AllowedCidrs",
                table: "api_keys",
                type: "nvarchar(max)",
                nullable: false,
                defaultValueSql: "'[]'");

            migrationBuilder.AddColumn<long>(
                name: "CreditsRefillAmount",
                table: "api_keys",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreditsRefillInterval",
                table: "api_keys",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CreditsRefilledAt",
                table: "api_keys",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CreditsRemaining",
                table: "api_keys",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Enabled",
                table: "api_keys",
                type: "bit",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "Meta",
                table: "api_keys",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RateLimits",
                table: "api_keys",
                type: "nvarchar(max)",
                nullable: false,
                defaultValueSql: "'[]'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AllowedCidrs",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "CreditsRefillAmount",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "CreditsRefillInterval",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "CreditsRefilledAt",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "CreditsRemaining",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "Enabled",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "Meta",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "RateLimits",
                table: "api_keys");
        }
    }
}
