using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Name).HasMaxLength(Names.MaxLength).IsRequired();
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.ComplexProperty(o => o.KeyPolicy, policy =>
        {
            policy.Property(p => p.RequireExpiration).HasColumnName("KeyPolicyRequireExpiration");
            policy.Property(p => p.MaxLifetimeDays).HasColumnName("KeyPolicyMaxLifetimeDays");
            policy.Property(p => p.RequireSecureKeys).HasColumnName("KeyPolicyRequireSecureKeys");
            // Defaults for rows made before these columns; the sentinel lets EF send an explicit false.
            policy.Property(p => p.KeepKeysOfRemovedMembers).HasColumnName("KeyPolicyKeepKeysOfRemovedMembers").HasDefaultValue(false);
            policy.Property(p => p.RevokeLeakedKeys).HasColumnName("KeyPolicyRevokeLeakedKeys").HasDefaultValue(true).HasSentinel(true);
        });
    }
}
