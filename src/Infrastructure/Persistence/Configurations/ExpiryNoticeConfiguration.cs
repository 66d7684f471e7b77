using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class ExpiryNoticeConfiguration : IEntityTypeConfiguration<ExpiryNotice>
{
    public void Configure(EntityTypeBuilder<ExpiryNotice> builder)
    {
        builder.ToTable("expiry_notices");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedOnAdd();
        builder.Property(n => n.Threshold).HasMaxLength(16).IsRequired();
        // Once per key, threshold and expiry: a second node raising the same notice fails its save.
        builder.HasIndex(n => new { n.ApiKeyId, n.Threshold, n.ExpiresAt }).IsUnique();
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(n => n.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
