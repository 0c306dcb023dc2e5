#pragma once

#include <chrono>

#include <QRandomGenerator>

namespace Ops {

//! \brief Exponential backoff with jitter, as a pure value.
//!
//! The ceiling for attempt n (1-based) is min(initial · multiplierⁿ⁻¹, max). With full jitter
//! (jitter = 1) the delay is uniform in [0, ceiling]; jitter j keeps (1 − j) of the ceiling fixed
//! and randomises the rest, so a thousand clients do not reconnect at the same instant.
struct BackoffPolicy
{
    std::chrono::milliseconds initial { 500 };
    std::chrono::milliseconds max { 30000 };
    double multiplier = 2.0;
    double jitter = 1.0;

    [[nodiscard]] std::chrono::milliseconds ceiling(int attempt) const;
    [[nodiscard]] std::chrono::milliseconds delayFor(int attempt, QRandomGenerator &rng) const;
};

} // namespace Ops
