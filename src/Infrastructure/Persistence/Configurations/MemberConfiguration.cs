using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.ToTable("members");
        builder.HasKey(m => new { m.OrganizationId, m.UserId });
        builder.Property(m => m.UserId).HasMaxLength(Member.UserIdMaxLength);
        builder.Property(m => m.OrgRole).HasMaxLength(32);
        builder.Ignore(m => m.AppRoles);
        builder.Ignore(m => m.IsOwner);
        builder.Property<List<AppRoleBinding>>("_appRoles").AsJsonList("AppRoles");
        builder.HasIndex(m => m.UserId);
        builder.HasIndex(m => new { m.OrganizationId, m.CreatedAt, m.UserId });
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
