using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KeyRegenerationTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastRegeneratedAt",
                table: "api_keys",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastRegeneratedAt",
                table: "api_keys");
        }
    }
}
