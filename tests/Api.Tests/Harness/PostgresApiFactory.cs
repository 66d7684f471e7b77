namespace ApiKeys.Api.Tests.Harness;

/// <summary>
/// A factory on PostgreSQL in every pass, for what only a database with concurrent writers can show; SQLite (and
/// a skip naming the variable) only where no PostgreSQL server is given.
/// </summary>
public sealed class PostgresApiFactory() : ApiFactory(TestDatabase.PostgresServer is null ? TestDatabase.Sqlite() : TestDatabase.Postgres());
