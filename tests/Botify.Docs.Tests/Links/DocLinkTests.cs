using Botify.Docs.Tests.Markdown;

namespace Botify.Docs.Tests.Links;

/// <summary>README.md, CHANGELOG.md and docs/ link only to files in the checkout and to anchors that exist.</summary>
public sealed class DocLinkTests
{
    [Test]
    public void Docs_EveryRelativeLink_ReachesAFileAndItsAnchor()
    {
        var pages = LinkCheck.Pages(Checkout.Root);

        var broken = LinkCheck.Broken(Checkout.Root, pages).ToList();

        Assert.That(pages, Has.Count.GreaterThan(10), "the pages found under docs/");
        Assert.That(broken, Is.Empty, Missing.Listed("relative links that lead to no file in the checkout or to no heading's anchor (fix the link, or the heading it names)", broken));
    }

    [TestCase("Botify.Index", "botifyindex")]
    [TestCase("`Botify.Lab analyze`: the A/B report", "botifylab-analyze-the-ab-report")]
    [TestCase("`EventLog`: where events go", "eventlog-where-events-go")]
    [TestCase("`api`: Next through the service against no-op servers", "api-next-through-the-service-against-no-op-servers")]
    [TestCase("Measured here, and the scale story", "measured-here-and-the-scale-story")]
    [TestCase("The probe (`Botify.Lab probe`)", "the-probe-botifylab-probe")]
    [TestCase("Run the [services](x.md) by hand", "run-the-services-by-hand")]
    [TestCase("T1–T7 and R, P", "t1t7-and-r-p")]
    public void Slug_Heading_IsGitHubsAnchor(string heading, string expected) =>
        Assert.That(MarkdownPage.Slug(heading), Is.EqualTo(expected));

    [Test]
    public void Broken_MissingFileAnchorOrOutside_NamesEach()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "docs"));
        File.WriteAllText(Path.Combine(folder.Path, "docs", "b.md"), "# Title\n\n## Part one\n\n## Part one\n");
        File.WriteAllText(Path.Combine(folder.Path, "docs", "a.md"), string.Join('\n',
            "# A",
            "[ok](b.md#part-one) [ok twice](b.md#part-one-1) [ok here](#a) [web](https://example.com/x.md#nope)",
            "[missing](c.md) [no anchor](b.md#part-two) [outside](../../shared/DESIGN.md)",
            "`[in code](nowhere.md)`",
            "```",
            "[in a fence](nowhere.md)",
            "```",
            "![image](img/none.png)"));

        var broken = LinkCheck.Broken(folder.Path, ["docs/a.md"]).ToList();

        Assert.That(broken, Is.EqualTo(new[]
        {
            "docs/a.md:3: c.md: no such file or folder",
            "docs/a.md:3: b.md#part-two: no heading of docs/b.md has the anchor #part-two",
            "docs/a.md:3: ../../shared/DESIGN.md: outside the repository",
            "docs/a.md:8: img/none.png: no such file or folder",
        }));
    }
}
