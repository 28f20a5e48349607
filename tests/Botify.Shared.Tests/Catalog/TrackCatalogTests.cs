using Botify.Shared.Catalog;
using Botify.Shared.Data;

namespace Botify.Shared.Tests.Catalog;

public sealed class TrackCatalogTests
{
    [Test]
    public void Load_CourseCatalog_ReadsAllTracksAndArtists()
    {
        var catalog = TrackCatalog.Load(SharedData.File("course-tracks.jsonl.gz"));

        Assert.That(catalog.Count, Is.EqualTo(50_000));
        Assert.That(catalog.ArtistCount, Is.EqualTo(11_464));
        Assert.That(catalog[0].Artist, Is.EqualTo("Jack Johnson"));
        Assert.That(catalog[0].Title, Is.EqualTo("The Cove"));
        Assert.That(catalog[0].Genres, Is.Empty);
    }

    [Test]
    public void Save_ThenLoad_RoundTripsGenresAndArtistIds()
    {
        using var folder = new TempFolder();
        var catalog = new TrackCatalog([
            new CatalogTrack(0, "A", "one", ["rock"]),
            new CatalogTrack(1, "B", "two", []),
            new CatalogTrack(2, "A", "three", ["rock", "indie"]),
        ]);
        var path = folder.File("tracks.json");
        catalog.Save(path);

        var read = TrackCatalog.Load(path);

        Assert.That(read.Count, Is.EqualTo(3));
        Assert.That(read[2].Genres, Is.EqualTo(new[] { "rock", "indie" }));
        Assert.That(read.ArtistOf(0), Is.EqualTo(read.ArtistOf(2)));
        Assert.That(read.ArtistOf(1), Is.Not.EqualTo(read.ArtistOf(0)));
    }

    [TestCase("{\"artist\": \"A\", \"title\": \"x\"}", "line 2: field 'track' is missing")]
    [TestCase("{\"track\": 1, \"title\": \"x\"}", "line 2: field 'artist' is missing")]
    [TestCase("{\"track\": \"one\", \"artist\": \"A\"}", "line 2: not a valid catalog record")]
    [TestCase("{\"track\": 1, \"artist\": ", "line 2: not a valid catalog record")]
    [TestCase("{\"track\": 0, \"artist\": \"B\"}", "track id 0 appears twice")]
    [TestCase("{\"track\": 5, \"artist\": \"B\"}", "track id 5 is outside 0..1")]
    public void Load_MalformedLine_NamesFileLineAndField(string secondLine, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.File("tracks.json");
        File.WriteAllLines(path, ["{\"track\": 0, \"artist\": \"A\", \"title\": \"t\"}", secondLine]);

        var error = Assert.Throws<DataFileException>(() => TrackCatalog.Load(path));

        Assert.That(error!.Message, Does.StartWith(path).And.Contain(expected));
    }
}
