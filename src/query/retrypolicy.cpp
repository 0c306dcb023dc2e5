#include "retrypolicy.h"

#include <algorithm>

#include <QtGlobal>

namespace Ops {

bool RetryPolicy::shouldRetry(int failureCount, const Error &error) const
{
    if (error.kind == ErrorKind::Cancelled)
        return false;
    if (retry)
        return retry(failureCount, error);
    return failureCount <= retries && error.isRetryable();
}

std::chrono::milliseconds RetryPolicy::delayAfter(int failureCount, const Error &error) const
{
    if (retryDelay)
        return std::max(retryDelay(failureCount, error), std::chrono::milliseconds(0));
    return delayFor(failureCount - 1);
}

std::chrono::milliseconds RetryPolicy::delayFor(int failureCount) const
{
    // query-core's defaultRetryDelay: min(1000 * 2 ** failureCount, 30000).
    const int shift = std::clamp(failureCount, 0, 30);
    const std::chrono::milliseconds delay(baseDelay.count() * (qint64(1) << shift));
    return std::min(delay, maxDelay);
}

RetryPolicy RetryPolicy::anyError(int n)
{
    RetryPolicy policy;
    policy.retries = n;
    policy.retry = [n](int failureCount, const Error &) { return failureCount <= n; };
    return policy;
}

} // namespace Ops
