using ApiKeys.Infrastructure.ChangeFeed;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class KeyChangeConfiguration : IEntityTypeConfiguration<KeyChange>
{
    public void Configure(EntityTypeBuilder<KeyChange> builder)
    {
        builder.ToTable("key_changes");
        builder.HasKey(c => c.Sequence);
        builder.Property(c => c.Sequence).ValueGeneratedOnAdd();
        builder.HasIndex(c => c.ChangedAt);
    }
}
