#pragma once

#include <chrono>

namespace Ops {

//! \brief Retries of a failed fetch: `retries` more attempts, delay min(base·2ⁿ, max)
//! (query-core's `retry: 3` and `defaultRetryDelay`).
struct RetryPolicy
{
    int retries = 3;
    std::chrono::milliseconds baseDelay { 1000 };
    std::chrono::milliseconds maxDelay { 30000 };

    [[nodiscard]] std::chrono::milliseconds delayFor(int failureCount) const;
};

} // namespace Ops
