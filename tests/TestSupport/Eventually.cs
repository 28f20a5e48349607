namespace Botify.Tests.Support;

/// <summary>Waiting in tests for what other threads do, by condition rather than by a fixed sleep. Compiled into every test project.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="done"/> until it holds; fails naming <paramref name="what"/> once <paramref name="patience"/> has passed.</summary>
    public static async Task HoldsAsync(Func<bool> done, string what, TimeSpan patience)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            if (waited.Elapsed > patience)
            {
                Assert.Fail($"waited {patience.TotalSeconds:0.#} s for {what}");
            }

            await Task.Delay(5);
        }
    }
}
