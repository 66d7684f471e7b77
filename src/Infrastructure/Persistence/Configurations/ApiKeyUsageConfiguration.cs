using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.ApiKeys.Governance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

/// <summary>
/// A key's usage governance (docs/api.md §9) on the api_keys row: the credits as plain columns, so that the ledger
/// takes them with one conditional UPDATE on every provider (<see cref="Repositories.CreditLedger"/>).
/// </summary>
internal sealed class ApiKeyUsageConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        // Existing keys are enabled; true is the sentinel so that EF still writes an explicit false.
        builder.Property(k => k.Enabled).HasDefaultValue(true).HasSentinel(true);
        builder.Property(k => k.MetaJson).HasColumnName("Meta");
        builder.Property(k => k.CreditsRefillInterval).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(k => k.RateLimits);
        builder.Ignore(k => k.Credits);
        builder.Ignore(k => k.Usage);
        builder.Property<List<RateLimit>>("_rateLimits").AsJsonValueList("RateLimits").HasDefaultValueSql("'[]'");
        builder.Property<List<string>>("_allowedCidrs").AsJsonList("AllowedCidrs").HasDefaultValueSql("'[]'");
    }
}
