using System.Diagnostics;
using Botify.Protos.V1;

namespace Botify.Api.IndexClient;

internal sealed partial class IndexSearchBatcher
{
    /// <summary>One caller's search while it waits in the queue or in a call.</summary>
    private sealed class PendingSearch(SearchRequest request, Activity? parent)
    {
        private readonly TaskCompletionSource<IndexAnswer> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private CancellationTokenRegistration _registration;

        public SearchRequest Request { get; } = request;

        public Activity? Parent { get; } = parent;

        public CancellationToken CancellationToken { get; private set; }

        public Task<IndexAnswer> Task => _completion.Task;

        public void WatchCancellation(CancellationToken cancellationToken)
        {
            CancellationToken = cancellationToken;
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(static (state, token) => ((PendingSearch)state!).Cancel(token), this);
            }
        }

        public void Complete(IndexAnswer answer)
        {
            _registration.Dispose();
            _completion.TrySetResult(answer);
        }

        public void Fail(Exception exception)
        {
            _registration.Dispose();
            if (exception is OperationCanceledException && CancellationToken.IsCancellationRequested)
            {
                _completion.TrySetCanceled(CancellationToken);
            }
            else
            {
                _completion.TrySetException(exception);
            }
        }

        private void Cancel(CancellationToken token) => _completion.TrySetCanceled(token);
    }
}
