namespace Botify.Lab.Loop;

/// <summary>Runs stages with no display.</summary>
public sealed class SilentProgress : ILabProgress
{
    public T Stage<T>(string name, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work();
    }

    public Task<T> StageAsync<T>(string name, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work();
    }

    public Task<T> StageAsync<T>(string name, int total, Func<IProgress<int>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work(new Progress<int>());
    }
}
