using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class UsageHourConfiguration : IEntityTypeConfiguration<UsageHour>
{
    public void Configure(EntityTypeBuilder<UsageHour> builder)
    {
        builder.ToTable("usage_hours");
        // One row per key and hour: the key the flush increments and the usage route reads by range.
        builder.HasKey(u => new { u.ApiKeyId, u.HourStart });
        builder.Ignore(u => u.Counts);
        // Pruning deletes by age across every key.
        builder.HasIndex(u => u.HourStart);
    }
}
