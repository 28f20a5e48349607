using System.Xml.Linq;

namespace Botify.Deploy.Tests.Build;

/// <summary>Directory.Packages.props pins only packages a project references: an unused pin is a version nobody tests.</summary>
public sealed class PackagePinTests
{
    [Test]
    public void Pins_Every_IsReferencedByAProject()
    {
        var pinned = XDocument.Load(Checkout.File("Directory.Packages.props")).Descendants("PackageVersion").Select(e => (string)e.Attribute("Include")!).ToList();
        var referenced = ProjectFiles()
            .SelectMany(file => XDocument.Load(file).Descendants("PackageReference").Select(e => (string?)e.Attribute("Include") ?? (string?)e.Attribute("Update")))
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.That(pinned, Is.Not.Empty);
        Assert.That(pinned.Where(p => !referenced.Contains(p)), Is.Empty, "pinned in Directory.Packages.props but referenced by no project, Directory.Build.props or .targets");
    }

    /// <summary>Every project and build file in the checkout; build output (bin, obj) and hidden folders (.git) are not walked.</summary>
    private static IEnumerable<string> ProjectFiles(string? folder = null)
    {
        folder ??= Checkout.Root;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (Path.GetExtension(file) is ".csproj" or ".props" or ".targets")
            {
                yield return file;
            }
        }

        foreach (var child in Directory.EnumerateDirectories(folder).Where(d => Path.GetFileName(d) is not ("bin" or "obj") && !Path.GetFileName(d).StartsWith('.')))
        {
            foreach (var file in ProjectFiles(child))
            {
                yield return file;
            }
        }
    }
}
