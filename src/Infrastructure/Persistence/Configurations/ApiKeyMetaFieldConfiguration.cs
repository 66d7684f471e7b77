using ApiKeys.Domain.ApiKeys;
using ApiKeys.Infrastructure.Persistence.KeyIndex;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeyMetaFieldConfiguration : IEntityTypeConfiguration<ApiKeyMetaField>
{
    public void Configure(EntityTypeBuilder<ApiKeyMetaField> builder)
    {
        builder.ToTable("api_key_meta");
        builder.HasKey(m => new { m.ApiKeyId, m.Field });
        builder.Property(m => m.Field).HasMaxLength(ApiKeyMetaField.FieldMaxLength);
        builder.Property(m => m.Value).HasMaxLength(ApiKeyMetaField.ValueMaxLength);
        builder.HasIndex(m => new { m.OrganizationId, m.Field, m.Value, m.ApiKeyId });
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(m => m.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
