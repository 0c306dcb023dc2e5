#pragma once

#include <chrono>
#include <functional>

#include "core/error.h"

namespace Ops {

//! \brief Whether and when a failed fetch (or mutation) is tried again (query-core's `retry` and
//! `retryDelay`, number or function).
//!
//! The default retries transient failures only — network, timeout, 429, 502/503/504 and other
//! 5xx (Error::isRetryable()) — up to `retries` more attempts, waiting min(base·2ⁿ, max)
//! (query-core's `defaultRetryDelay`). A 4xx such as NotFound or BadRequest would fail the same
//! way again, so it fails at once; query-core instead retries every error 3 times. A `retry`
//! function decides otherwise (anyError() is query-core's rule). A cancelled fetch is never
//! retried.
struct RetryPolicy
{
    //! Decides after failure number \a failureCount (1 for the first) with \a error.
    using RetryFn = std::function<bool(int failureCount, const Ops::Error &error)>;
    //! The wait before the next attempt after failure number \a failureCount.
    using DelayFn =
        std::function<std::chrono::milliseconds(int failureCount, const Ops::Error &error)>;

    int retries = 3;
    std::chrono::milliseconds baseDelay { 1000 };
    std::chrono::milliseconds maxDelay { 30000 };
    //! Replaces the default decision (transient errors, at most `retries`) when set.
    RetryFn retry {};
    //! Replaces the default back-off when set.
    DelayFn retryDelay {};

    //! Whether failure number \a failureCount (1-based) with \a error gets another attempt.
    [[nodiscard]] bool shouldRetry(int failureCount, const Ops::Error &error) const;
    //! The wait after failure number \a failureCount (1-based) with \a error.
    [[nodiscard]] std::chrono::milliseconds delayAfter(
        int failureCount, const Ops::Error &error) const;
    //! The default back-off for \a failureCount earlier failures: min(base·2ⁿ, max).
    [[nodiscard]] std::chrono::milliseconds delayFor(int failureCount) const;

    //! query-core's `retry: n`: any error (but a cancellation) up to \a n more attempts.
    [[nodiscard]] static RetryPolicy anyError(int n);
};

} // namespace Ops
