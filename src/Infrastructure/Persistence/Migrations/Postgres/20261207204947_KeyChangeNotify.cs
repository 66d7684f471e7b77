using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Infrastructure.Persistence.Migrations.Postgres
{
    /// <summary>
    /// Every statement that writes feed rows notifies <c>apikeys_key_changes</c>; PostgreSQL delivers it when the
    /// transaction commits (never for a rolled-back one), and each node's listener wakes its poller.
    /// </summary>
    public partial class KeyChangeNotify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION apikeys_key_changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('apikeys_key_changes', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER key_changes_notify AFTER INSERT ON key_changes
                    FOR EACH STATEMENT EXECUTE FUNCTION apikeys_key_changes_notify();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER key_changes_notify ON key_changes;
                DROP FUNCTION apikeys_key_changes_notify();
                """);
        }
    }
}
