namespace Botify.Tests.Support;

/// <summary>Waiting in tests for what other threads do, by condition rather than by a fixed sleep. Compiled into every test project.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="done"/> until it holds; fails naming <paramref name="what"/> once <paramref name="patience"/> has passed.</summary>
    public static Task HoldsAsync(Func<bool> done, string what, TimeSpan patience) =>
        HoldsAsync(() => Task.FromResult(done()), what, patience, TimeSpan.FromMilliseconds(5));

    /// <summary>
    /// The same for a condition that must itself wait (a query to another process), checked every <paramref name="every"/>;
    /// <paramref name="detail"/>, when given, adds what the failure message should show (the processes' output).
    /// </summary>
    public static async Task HoldsAsync(Func<Task<bool>> done, string what, TimeSpan patience, TimeSpan every, Func<string>? detail = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > patience)
            {
                Assert.Fail($"waited {patience.TotalSeconds:0.#} s for {what}{(detail is null ? "" : "\n" + detail())}");
            }

            await Task.Delay(every);
        }
    }
}
