using Botify.Train.Examples;
using Botify.Train.Model;

namespace Botify.Train.Tests.Model;

public sealed class ContextBackfillTests
{
    [Test]
    public void Fill_PlayedTrack_WeighsItsFirstAndPreviousTracksByTheShareHeardWithAFloor()
    {
        // Tracks 0..2 learned; 3 heard after them; 4 a start no one trained; 5 played only with 3 and 4; 6 never played.
        var (model, sources) = Model(learned: 3, tracks: 7);
        SetContext(model, 0, 1f, 0f);
        SetContext(model, 1, 0f, 1f);
        SetContext(model, 2, 1f, 1f);
        LoggedSession[] sessions =
        [
            // 3 heard for 0.9 after first track 0; then for 0.02 (at the floor) after first 1, previous 2.
            new(0, [0, 3], [1f, 0.9f], true),
            new(0, [1, 2, 3], [1f, 0.8f, 0.02f], true),
            // 4 started a session and 2 was heard for 0.6 after it; 5 only beside unlearned 3 and 4.
            new(1, [4, 2, 3, 5], [1f, 0.6f, 0.4f, 0.9f], true),
        ];

        var counts = ContextBackfill.Fill(model, sources, sessions);

        // 3: 0.9·c0 (first) + 0.1·c1 + 0.1·c2 (floor, first and previous) + 0.4·c2 (first is unlearned 4, previous 2).
        var w = 0.9f + 0.1f + 0.1f + 0.4f;
        Assert.That(model.Context.Row(3).ToArray(), Is.EqualTo(new[] { (0.9f + 0.1f + 0.4f) / w, (0.1f + 0.1f + 0.4f) / w }).Within(1e-6f));
        Assert.That(model.Context.Row(4).ToArray(), Is.EqualTo(new[] { 1f, 1f }).Within(1e-6f), "a start takes the track heard after it");
        var mean = new[] { 2f / 3f, 2f / 3f };
        Assert.That(model.Context.Row(5).ToArray(), Is.EqualTo(mean).Within(1e-6f), "played only beside unlearned tracks: the mean of the learned");
        Assert.That(model.Context.Row(6).ToArray(), Is.EqualTo(mean).Within(1e-6f), "never played: the mean of the learned");
        Assert.That(counts, Is.EqualTo(new ContextSourceCounts(3, 0, 2, 2)));
        Assert.That(sources[3..], Is.EqualTo(new[] { ContextSource.CoPlay, ContextSource.CoPlay, ContextSource.Mean, ContextSource.Mean }));
    }

    [Test]
    public void Fill_FeatureTrack_IsANeighbourAndKeepsItsVector()
    {
        var (model, sources) = Model(learned: 1, tracks: 3);
        sources[1] = ContextSource.Features;
        SetContext(model, 0, 1f, 0f);
        SetContext(model, 1, 0f, 2f);

        var counts = ContextBackfill.Fill(model, sources, [new(0, [1, 2], [1f, 0.5f], true)]);

        Assert.That(model.Context.Row(1).ToArray(), Is.EqualTo(new[] { 0f, 2f }));
        Assert.That(model.Context.Row(2).ToArray(), Is.EqualTo(new[] { 0f, 2f }).Within(1e-6f));
        Assert.That(counts, Is.EqualTo(new ContextSourceCounts(1, 1, 1, 0)));
    }

    private static (EmbeddingModel Model, ContextSource[] Sources) Model(int learned, int tracks)
    {
        var model = new EmbeddingModel(tracks, users: 2, dimension: 2, initialScale: 0.1f, seed: 1);
        model.Context.Data.Clear();
        var sources = new ContextSource[tracks];
        sources.AsSpan(0, learned).Fill(ContextSource.Trained);
        return (model, sources);
    }

    private static void SetContext(EmbeddingModel model, int track, float x, float y)
    {
        model.Context.Row(track)[0] = x;
        model.Context.Row(track)[1] = y;
    }
}
