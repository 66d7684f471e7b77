using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.SqlServer
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
                type: "datetimeoffset",
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
