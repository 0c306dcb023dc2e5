#include "retrypolicy.h"

#include <algorithm>

#include <QtGlobal>

namespace Ops {

std::chrono::milliseconds RetryPolicy::delayFor(int failureCount) const
{
    // query-core's defaultRetryDelay: min(1000 * 2 ** failureCount, 30000).
    const int shift = std::clamp(failureCount, 0, 30);
    const std::chrono::milliseconds delay(baseDelay.count() * (qint64(1) << shift));
    return std::min(delay, maxDelay);
}

} // namespace Ops
