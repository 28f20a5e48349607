namespace Botify.Lab.Loop;

/// <summary>Reports the main job's stages (a progress display, or nothing in tests).</summary>
public interface ILabProgress
{
    T Stage<T>(string name, Func<T> work);

    Task<T> StageAsync<T>(string name, Func<Task<T>> work);

    /// <summary>A stage with a known amount of work; <c>work</c> reports how much is done.</summary>
    Task<T> StageAsync<T>(string name, int total, Func<IProgress<int>, Task<T>> work);
}
