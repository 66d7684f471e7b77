using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KeyRegenerationTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastRegeneratedAt",
                table: "api_keys",
                type: "INTEGER",
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
