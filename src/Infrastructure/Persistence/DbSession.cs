using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>
/// The request's <see cref="AppDbContext"/>, rented from the pool only when a repository first touches it, so a
/// request answered from memory (a warm key's <c>/v1/me</c>, verify) never pays for a context.
/// </summary>
internal sealed class DbSession(IServiceProvider services)
{
    private AppDbContext? _db;

    public AppDbContext Db => _db ??= services.GetRequiredService<AppDbContext>();

    public bool IsOpen => _db is not null;
}
