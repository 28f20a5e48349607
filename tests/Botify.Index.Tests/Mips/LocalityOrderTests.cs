using Botify.Index.Mips;
using Botify.Shared.Embeddings;

namespace Botify.Index.Tests.Mips;

public sealed class LocalityOrderTests
{
    [Test]
    public void Compute_NamesEveryRowOnce_AndDependsOnlyOnRowsAndSeed()
    {
        var (items, _) = TestVectors.Items(5_000, 16, seed: 31);
        var rows = Rows(items);

        var order = LocalityOrder.Compute(rows, items.Rows, items.Dimension, seed: 3);
        var again = LocalityOrder.Compute(rows, items.Rows, items.Dimension, seed: 3);

        Assert.That(order.Order(), Is.EqualTo(Enumerable.Range(0, items.Rows)));
        Assert.That(again, Is.EqualTo(order));
    }

    [Test]
    public void Compute_PinnedRowsAndSeed_PinnedOrder()
    {
        // One build thread and a fixed seed must give the same graph in every process, so the order may
        // not lean on anything seeded per process (HashCode.Combine once did). Pinned from a run on
        // x64; the sums of TensorPrimitives could round differently on hardware with other vector widths.
        var (items, _) = TestVectors.Items(500, 8, seed: 33);

        var order = LocalityOrder.Compute(Rows(items), items.Rows, items.Dimension, seed: 4);

        Assert.That(order[..12], Is.EqualTo(new[] { 372, 163, 2, 81, 99, 338, 308, 448, 451, 9, 410, 383 }));
    }

    [Test]
    public void Compute_ClusteredRows_StoresEachClusterTogether()
    {
        // Rows are drawn from 50 clusters at random, so in id order a row's successor shares its cluster one time in 50.
        var clusterOf = new int[10_000];
        var items = ClusteredVectors.Generate(clusterOf.Length, 32, clusters: 50, seed: 32, clusterOfRow: clusterOf);
        var rows = Rows(items);

        var order = LocalityOrder.Compute(rows, items.Rows, items.Dimension, seed: 1);

        var inIdOrder = SameClusterSteps(clusterOf, Enumerable.Range(0, items.Rows).ToArray());
        var inLocalityOrder = SameClusterSteps(clusterOf, order);
        TestContext.Out.WriteLine($"rows stored next to a row of their own cluster: {inIdOrder:P1} in id order, {inLocalityOrder:P1} in locality order");
        Assert.That(inIdOrder, Is.LessThan(0.05));
        Assert.That(inLocalityOrder, Is.GreaterThan(0.85));
    }

    [Test]
    public void Compute_IdenticalRows_LeavesThemInIdOrder()
    {
        var rows = new float[1_000 * 8];
        Array.Fill(rows, 0.5f);

        var order = LocalityOrder.Compute(rows, 1_000, 8, seed: 2);

        Assert.That(order, Is.EqualTo(Enumerable.Range(0, 1_000)));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(33)]
    public void Compute_FewRows_OrdersThemAll(int count)
    {
        var (items, _) = TestVectors.Items(Math.Max(count, 1), 8, seed: 34);

        var order = LocalityOrder.Compute(Rows(items), count, items.Dimension, seed: 5);

        Assert.That(order.Order(), Is.EqualTo(Enumerable.Range(0, count)));
    }

    [Test]
    public void Compute_RowsWithNaN_StillFinishes()
    {
        // Bundles are checked for NaN before they reach the index, but a caller of the library may not check.
        var (items, _) = TestVectors.Items(2_000, 8, seed: 35);
        var rows = Rows(items);
        for (var i = 0; i < rows.Length; i += 37)
        {
            rows[i] = float.NaN;
        }

        var ordering = Task.Run(() => LocalityOrder.Compute(rows, items.Rows, items.Dimension, seed: 6));

        Assert.That(ordering.Wait(TimeSpan.FromSeconds(30)), Is.True, "the order was not computed within 30 s");
        Assert.That(ordering.Result.Order(), Is.EqualTo(Enumerable.Range(0, items.Rows)));
    }

    [Test]
    public void Compute_FewerFloatsThanRowsTimesDimension_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => LocalityOrder.Compute(new float[10], 3, 4, seed: 0));

        Assert.That(error!.ParamName, Is.EqualTo("rows"));
    }

    private static float[] Rows(EmbeddingTable items)
    {
        var rows = new float[items.Rows * items.Dimension];
        for (var i = 0; i < items.Rows; i++)
        {
            items.Row(i).CopyTo(rows.AsSpan(i * items.Dimension));
        }

        return rows;
    }

    /// <summary>The share of rows, in <paramref name="order"/>, stored right after a row of their own cluster.</summary>
    private static double SameClusterSteps(int[] clusterOf, int[] order)
    {
        var same = 0;
        for (var i = 1; i < order.Length; i++)
        {
            same += clusterOf[order[i - 1]] == clusterOf[order[i]] ? 1 : 0;
        }

        return same / (double)(order.Length - 1);
    }
}
