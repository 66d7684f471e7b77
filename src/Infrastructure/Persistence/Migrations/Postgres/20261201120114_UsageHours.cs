using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UsageHours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "usage_hours",
                columns: table => new
                {
                    ApiKeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    HourStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Valid = table.Column<long>(type: "bigint", nullable: false),
                    Rejected = table.Column<long>(type: "bigint", nullable: false),
                    RateLimited = table.Column<long>(type: "bigint", nullable: false),
                    UsageExceeded = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_hours", x => new { x.ApiKeyId, x.HourStart });
                });

            migrationBuilder.CreateIndex(
                name: "IX_usage_hours_HourStart",
                table: "usage_hours",
                column: "HourStart");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "usage_hours");
        }
    }
}
