using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Domain.Webhooks;
using ApiKeys.Infrastructure.ChangeFeed;
using ApiKeys.Infrastructure.Persistence.KeyIndex;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>
/// The one model of the service. Each database provider has a subclass (<see cref="SqliteAppDbContext"/>, …)
/// only so that each keeps its own generated migrations.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<App> Apps => Set<App>();

    public DbSet<Member> Members => Set<Member>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<KeyChange> KeyChanges => Set<KeyChange>();

    public DbSet<ApiKeyAppLink> ApiKeyAppLinks => Set<ApiKeyAppLink>();

    public DbSet<ApiKeyMetaField> ApiKeyMetaFields => Set<ApiKeyMetaField>();

    public DbSet<ApiKeySearchText> ApiKeySearchTexts => Set<ApiKeySearchText>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    public DbSet<ExpiryNotice> ExpiryNotices => Set<ExpiryNotice>();

    public DbSet<CreditNotice> CreditNotices => Set<CreditNotice>();

    public DbSet<UsageHour> UsageHours => Set<UsageHour>();

    public DbSet<CreditReservation> CreditReservations => Set<CreditReservation>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<OrganizationId>().HaveConversion<TypedIdConverters.Organization>();
        configurationBuilder.Properties<ApiKeyId>().HaveConversion<TypedIdConverters.ApiKey>();
        configurationBuilder.Properties<AuditEventId>().HaveConversion<TypedIdConverters.AuditEvent>();
        configurationBuilder.Properties<WebhookId>().HaveConversion<TypedIdConverters.Webhook>();
        configurationBuilder.Properties<WebhookMessageId>().HaveConversion<TypedIdConverters.WebhookMessage>();
    }
}
